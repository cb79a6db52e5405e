"""The Data page's "Download all N events" export in a real browser, above DETAIL_LIMIT."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import Requests, Server, assert_only_local, start_server, wait_for_app
from export_data import FORMULA_DESCRIPTIONS, FORMULA_TITLES, write_export_dataset
from sahel_atlas.query.aggregate import DETAIL_LIMIT
from sahel_atlas.store.dataset import Dataset, load_dataset
from sahel_atlas.export.csv_file import export_filename
from sahel_atlas.query.model import Filters, Vocabulary
from sahel_atlas.query.url import parse_query_params
from sahel_atlas.query.run import apply

pytestmark = pytest.mark.browser

QUERY = {"from": ["2005"]}


@pytest.fixture(scope="module")
def export_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_export_dataset(tmp_path_factory.mktemp("export"), n_events=4_500)


@pytest.fixture(scope="module")
def export_server(export_data: Path) -> Iterator[Server]:
    running = start_server(export_data, export_data.parent / "streamlit.log")
    yield running
    running.stop()


def link_filters(ds: Dataset) -> tuple[Filters, Vocabulary]:
    vocab = Vocabulary.from_dataset(ds)
    filters, notices = parse_query_params(QUERY, vocab)
    assert notices == []
    return filters, vocab


def test_download_all_gives_every_matching_row(
    page: Page, export_server: Server, export_data: Path, requests_log: Requests
) -> None:
    ds = load_dataset(export_data)
    filters, vocab = link_filters(ds)
    expected = list(apply(ds, filters)["event_id"])
    assert len(expected) > DETAIL_LIMIT, "the link must take the aggregated path"
    page.goto(f"{export_server.url}/data?from=2005")
    wait_for_app(page)
    button = page.get_by_role("button", name=f"Download all {len(expected):,} events as CSV")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename == export_filename("events", filters, vocab)
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would garble accents"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["Event ID"] for r in rows] == expected
    titles = [r["Title"] for r in rows]
    descriptions = [r["Description"] for r in rows]
    for text in FORMULA_TITLES:
        assert titles.count("'" + text) == 1 and text not in titles
    for text in FORMULA_DESCRIPTIONS:
        assert descriptions.count("'" + text) == 1 and text not in descriptions
    wait_for_app(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    assert_only_local(requests_log)
