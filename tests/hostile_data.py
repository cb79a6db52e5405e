"""A fixture dataset whose names, titles and excerpts carry HTML and Markdown payloads.

Source and imported text are untrusted: the app must show these as plain text and no script
may run. The payloads set `window.__xss`, which a browser test reads.
"""

from __future__ import annotations

from pathlib import Path

from fixture_data import SOURCE_TEXTS, default_rows, write_dataset

SCRIPT = "<script>window.__xss = 'script'</script>"
IMG = "<img src=x onerror=\"window.__xss = 'img'\">"
LINK = "[click me](javascript:window.__xss='link')"
PAYLOADS = (SCRIPT, IMG, LINK)
HOSTILE_LINE = f"The cell {SCRIPT} posted {IMG} and {LINK} online.\n"


def write_hostile_dataset(directory: Path) -> Path:
    """The fixture dataset, with every kind of display text made hostile."""
    rows = default_rows()
    text = SOURCE_TEXTS["src-a"] + HOSTILE_LINE
    start = len(SOURCE_TEXTS["src-a"])
    hostile_id = f"src-a:{start}-{start + len(HOSTILE_LINE) - 1}"
    rows["excerpts"].append(
        {"excerpt_id": hostile_id, "source_id": "src-a", "char_start": start,
         "char_end": start + len(HOSTILE_LINE) - 1, "text": HOSTILE_LINE[:-1]}
    )
    actor = rows["actors"][0]
    actor["name"] = f"{SCRIPT} Brigade"
    actor["aliases"] = [*actor["aliases"], IMG]
    actor["summary"] = f"Known for {LINK} and {IMG}."
    actor["excerpt_ids"] = [*actor["excerpt_ids"], hostile_id]
    for event in rows["events"]:
        event["title"] = f"{event['title']} {IMG}"
        event["description"] = f"{SCRIPT} {LINK}"
        event["excerpt_ids"] = [*event["excerpt_ids"], hostile_id]
        event["source_ids"] = sorted({*event["source_ids"], "src-a"})
    rows["locations"][0]["name"] = f"{IMG} Town"
    rows["sources"][0]["title"] = f"{SCRIPT} report"
    rows["sources"][0]["publisher"] = IMG
    for claim in rows["claims"]:
        claim["value"] = f"{claim['value']} {SCRIPT}"
    write_dataset(directory, **rows)
    (directory / "texts" / "src-a.txt").write_bytes(text.encode("utf-8"))
    return directory
