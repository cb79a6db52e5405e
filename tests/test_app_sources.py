"""The Sources reader and the "Where sources disagree" page under AppTest.

Run on the fixture dataset (tests/fixture_data.py), and on the project's own data/ (committed,
so a missing table fails rather than skips).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from fixture_data import SOURCE_TEXTS, default_rows, excerpt_id, write_dataset
from components.text import md_escape
from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT, load_dataset

APP = str(PROJECT_ROOT / "app.py")
SOURCES = "app_pages/sources.py"
DISAGREEMENTS = "app_pages/disagreements.py"
REAL_DATA = PROJECT_ROOT / "data"


def run_app(params: dict[str, str | list[str]] | None = None, page: str = SOURCES) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    return at


def assert_no_error(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def reader_html(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1, "the document is drawn in one iframe"
    assert not frames[0].proto.src, "the document must be inline (srcdoc), never fetched"
    return frames[0].proto.srcdoc


def selected(at: AppTest) -> tuple[str | None, str | None]:
    return at.selectbox(key="reader_doc").value, at.selectbox(key="reader_excerpt").value


def param(at: AppTest, key: str) -> list[str]:
    """A URL parameter's values (AppTest keeps a value as written: a string or a list)."""
    value = at.query_params.get(key)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch, tiny_data: Path) -> Path:
    monkeypatch.setenv(ENV_VAR, str(tiny_data))
    return tiny_data


# --- Sources ----------------------------------------------------------------------------------


def test_sources_page_lists_documents_and_opens_the_first(tiny: Path) -> None:
    at = run_app()
    assert_no_error(at)
    assert not at.warning
    table = at.dataframe[0].value
    assert list(table["Source ID"]) == ["src-a", "src-b", "src-c"]
    for column in ("Title", "Publisher", "Published", "Date note", "Language",
                   "Machine-translated", "Kind", "Reliability", "Reliability reason", "Excerpts"):
        assert column in table
    assert selected(at) == ("src-a", None)
    page = reader_html(at)
    assert "Jihadist groups in northern Mali" in page and "<mark" in page
    assert "<script" not in page  # nothing selected, nothing to scroll to


def test_doc_and_excerpt_open_that_document_at_that_excerpt(tiny: Path) -> None:
    x = excerpt_id("tessalit")
    at = run_app({"doc": "src-b", "excerpt": x})
    assert_no_error(at)
    assert not at.warning
    assert selected(at) == ("src-b", x)
    page = reader_html(at)
    start = int(x.rsplit(":", 1)[1].split("-")[0])
    assert f'id="x-{start}" class="n1 start sel sel-start"' in page
    assert f'getElementById("x-{start}")' in page
    text = markdown_text(at)
    assert "Sahel security brief, June 2020" in text
    assert "Abdelmalek Droukdel killed by French forces" in text  # the event citing it
    assert "near Tessalit" in text  # the claim citing it
    assert param(at, "doc") == ["src-b"] and param(at, "excerpt") == [x]


def test_source_and_excerpt_link_opens_the_excerpt_and_keeps_the_filter(tiny: Path) -> None:
    x = excerpt_id("talhandak")
    at = run_app({"source": "src-b", "excerpt": x})
    assert_no_error(at)
    assert not at.warning
    assert selected(at) == ("src-b", x)
    assert param(at, "source") == ["src-b"]  # still the shared filter
    assert "Talhandak" in markdown_text(at)  # the place citing it


def test_a_source_filter_alone_opens_that_document(tiny: Path) -> None:
    at = run_app({"source": "src-c"})
    assert_no_error(at)
    assert selected(at) == ("src-c", None)


@pytest.mark.parametrize(
    ("params", "notice", "doc"),
    [
        ({"excerpt": "garbage"}, "excerpt=garbage", "src-a"),
        ({"excerpt": "<script>alert(1)</script>"}, "excerpt=", "src-a"),
        ({"excerpt": "src-b:1-2"}, "no such excerpt", "src-b"),
        ({"excerpt": "nowhere:1-2"}, "no source", "src-a"),
        ({"doc": "nope"}, "doc=nope", "src-a"),
        ({"doc": "nope", "excerpt": "TESSALIT"}, "doc=nope", "src-a"),
        ({"doc": "src-a", "excerpt": excerpt_id("tessalit")}, "not an excerpt of src-a", "src-a"),
    ],
)
def test_a_bad_reader_link_is_a_notice(tiny: Path, params: dict, notice: str, doc: str) -> None:
    at = run_app(params)
    assert_no_error(at)
    assert any(notice in w for w in warnings(at)), warnings(at)
    assert selected(at) == (doc, None)
    assert param(at, "doc") == [doc] and param(at, "excerpt") == []
    reader_html(at)  # the document is still shown


def test_choosing_a_document_and_an_excerpt_updates_the_url(tiny: Path) -> None:
    at = run_app({"doc": "src-a", "excerpt": excerpt_id("niamey")})
    at.selectbox(key="reader_doc").set_value("src-c").run()
    assert_no_error(at)
    assert selected(at) == ("src-c", None)
    assert param(at, "doc") == ["src-c"] and param(at, "excerpt") == []
    x = excerpt_id("rivalry")
    at.selectbox(key="reader_excerpt").set_value(x).run()
    assert_no_error(at)
    assert selected(at) == ("src-c", x)
    assert param(at, "excerpt") == [x]
    assert "rival of" in markdown_text(at)


def test_filters_narrow_the_events_citing_an_excerpt(tiny: Path) -> None:
    x = excerpt_id("tessalit")
    at = run_app({"doc": "src-b", "excerpt": x, "status": "confirmed"})
    assert_no_error(at)
    assert selected(at) == ("src-b", x)
    assert "Abdelmalek Droukdel killed" not in markdown_text(at)
    assert any("narrow only the events" in c.value for c in at.caption)


def test_hostile_source_text_and_metadata_are_escaped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = default_rows()
    rows["sources"][0]["title"] = "<img src=x onerror=alert(1)> [link](javascript:alert(1))"
    rows["sources"][0]["publisher"] = "**bold** <b>tag</b>"
    directory = write_dataset(tmp_path, sources=rows["sources"])
    hostile = "\n<script>alert(1)</script> <img src=x onerror=alert(1)>\n"
    (directory / "texts" / "src-a.txt").write_text(SOURCE_TEXTS["src-a"] + hostile, "utf-8")
    monkeypatch.setenv(ENV_VAR, str(directory))
    at = run_app({"doc": "src-a", "excerpt": excerpt_id("aqim-base")})
    assert_no_error(at)
    page = reader_html(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img" not in page
    assert page.count("<script>") == 1  # the scroll script only
    text = markdown_text(at)
    assert re.search(r"(?<!\\)<", text) is None  # every "<" is escaped
    assert "\\<img src=x onerror=alert\\(1\\)\\>" in text
    assert "\\[link\\]\\(javascript" in text and "\\*\\*bold\\*\\*" in text


def test_a_missing_source_text_is_a_notice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    directory = write_dataset(tmp_path)
    (directory / "texts" / "src-c.txt").unlink()
    monkeypatch.setenv(ENV_VAR, str(directory))
    at = run_app({"doc": "src-c"})
    assert_no_error(at)
    assert any("could not be read" in w for w in warnings(at))
    assert not at.get("iframe")


# --- Where sources disagree -------------------------------------------------------------------


def page_links(at: AppTest) -> list[dict[str, list[str]]]:
    return [
        {"page": [p.proto.page], **parse_qs(p.proto.query_string)} for p in at.get("page_link")
    ]


def test_disagreements_lists_the_droukdel_killing_side_by_side(tiny: Path) -> None:
    at = run_app(page=DISAGREEMENTS)
    assert_no_error(at)
    text = markdown_text(at)
    assert "Abdelmalek Droukdel killed by French forces" in text
    assert "near Talhandak" in text and "near Tessalit" in text
    assert "Example Monitor" in text and "reliability **B**" in text
    assert "> near Talhandak, close to the Algerian border" in text
    assert "Unconfirmed" in text  # the claimed events with a single claim
    assert "JNIM founded" not in text  # confirmed events are not listed
    links = page_links(at)
    assert {"page": ["sources"], "doc": ["src-b"], "excerpt": [excerpt_id("tessalit")]} in links
    assert len(at.columns) >= 2


def test_disagreements_follow_the_filters(tiny: Path) -> None:
    at = run_app({"status": "confirmed"}, page=DISAGREEMENTS)
    assert_no_error(at)
    assert any("No disputed or claimed events" in i.value for i in at.info)
    at = run_app({"from": "2020"}, page=DISAGREEMENTS)
    assert_no_error(at)
    text = markdown_text(at)
    assert "Droukdel killed" in text and "Niamey" not in text


def test_the_reader_link_from_disagreements_opens_the_excerpt(tiny: Path) -> None:
    link = next(p for p in page_links(run_app(page=DISAGREEMENTS)) if "doc" in p)
    at = run_app({"doc": link["doc"][0], "excerpt": link["excerpt"][0]})
    assert_no_error(at)
    assert selected(at) == (link["doc"][0], link["excerpt"][0])


# --- the project's own dataset ----------------------------------------------------------------


@pytest.fixture
def real_data(monkeypatch: pytest.MonkeyPatch) -> Path:
    assert (REAL_DATA / "events.parquet").is_file(), "data/ is not built: run `sahel-atlas build`"
    monkeypatch.setenv(ENV_VAR, str(REAL_DATA))
    return REAL_DATA


@pytest.mark.parametrize("page", [SOURCES, DISAGREEMENTS])
def test_real_data_pages_open(real_data: Path, page: str) -> None:
    at = run_app(page=page)
    assert_no_error(at)
    assert not at.warning


def test_real_data_every_document_opens_at_an_excerpt(real_data: Path) -> None:
    ds = load_dataset(real_data)
    for source_id in ds.sources["source_id"]:
        excerpts = ds.excerpts[ds.excerpts["source_id"] == source_id]
        if excerpts.empty:
            continue
        x = excerpts.sort_values("char_start")["excerpt_id"].iloc[len(excerpts) // 2]
        at = run_app({"doc": source_id, "excerpt": x})
        assert_no_error(at)
        assert not at.warning, warnings(at)
        assert selected(at) == (source_id, x)
        assert "sel-start" in reader_html(at)


def test_real_data_lists_the_droukdel_killing(real_data: Path) -> None:
    ds = load_dataset(real_data)
    events = ds.events
    droukdel = events[
        events["title"].str.contains("Droukdel", case=False)
        & events["status"].isin(["disputed", "claimed"])
    ]
    # The sources disagree on where he was killed (near Tessalit / the Talhandak area).
    assert not droukdel.empty, "the Droukdel killing is not marked disputed or claimed"
    at = run_app(page=DISAGREEMENTS)
    assert_no_error(at)
    text = markdown_text(at)
    for title in droukdel["title"]:
        assert f"### {md_escape(title)}" in text
