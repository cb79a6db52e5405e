"""`sahel-atlas briefing export NAME --pdf FILE --pptx FILE`: pictures of the slides as played,
then the handout and the deck, each written atomically."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from sahel_atlas.briefings import store
from sahel_atlas.briefings.deck import write_deck
from sahel_atlas.briefings.evidence import evidence
from sahel_atlas.briefings.handout import handout_html, print_pdf
from sahel_atlas.briefings.load import BriefingFileError
from sahel_atlas.briefings.render import app_server, render
from sahel_atlas.briefings.validate import Known
from sahel_atlas.query.model import Vocabulary
from sahel_atlas.store.atomic import write_files_atomically
from sahel_atlas.store.dataset import ENV_VAR as DATA_ENV_VAR, load_dataset
from sahel_atlas.store.table_ids import TableIds
from sahel_atlas.views.profile.directory import directory


@dataclass(frozen=True)
class Exported:
    slides: int
    written: tuple[Path, ...]
    problems: tuple[str, ...]  # slides left out, as the loader named them


def _atomically(path: Path, write) -> None:  # noqa: ANN001 - a writer of one path
    write_files_atomically(path.parent, {path.name: write})


def export(name: str, pdf: Path | None, pptx: Path | None, data: Path | None = None) -> Exported:
    """Render every playable slide of briefing `name` and write the PDF and/or the PPTX."""
    if pdf is None and pptx is None:
        raise BriefingFileError("say what to write: --pdf FILE, --pptx FILE, or both")
    ds = load_dataset(data)
    vocab = Vocabulary.from_dataset(ds)
    loaded = store.read(name, Known(vocab, TableIds(ds, "excerpts", "excerpt_id")))
    briefing = loaded.briefing
    if not briefing.slides:
        raise BriefingFileError(f"briefing {name!r} has no slide that can be shown")
    found = [evidence(ds, vocab, slide) for slide in briefing.slides]
    paths = {e.actor_id: e.url_path for e in directory(ds)}
    env = {DATA_ENV_VAR: str(ds.path), store.ENV_VAR: str(store.briefings_dir())}
    written = []
    with tempfile.TemporaryDirectory(prefix="sahel-briefing-") as tmp:
        with app_server(env) as base:
            pictures = render(base, briefing, paths, Path(tmp))
        if pdf is not None:
            html = handout_html(briefing, found, pictures)
            _atomically(pdf, lambda p: print_pdf(html, p))
            written.append(pdf)
        if pptx is not None:
            _atomically(pptx, lambda p: write_deck(briefing, found, pictures, p))
            written.append(pptx)
    return Exported(len(briefing.slides), tuple(written), loaded.problems)
