"""The load generator: its pure parts, then short runs against a real server on data/."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from app_servers import ROOT, Server, start_server
from sahel_atlas.cli import main as cli_main
from sahel_atlas.devtools import protocol
from sahel_atlas.devtools.loadtest import LoadTestError, parse_target, run
from sahel_atlas.devtools.scenarios import LINKS, Link, expected_sentence, sentence_shown
from sahel_atlas.devtools.stats import percentile

KEYS = {"sessions", "reruns", "p50_ms", "p95_ms", "max_ms", "errors", "dropped_connections"}


@pytest.mark.parametrize(
    ("query", "names", "shown", "matches"),
    [
        ("actor=aqim&from=2012&to=2020", {"aqim": "AQIM"}, "14 events, 2012-2020, AQIM", True),
        ("actor=aqim&from=2012&to=2020", {"aqim": "AQIM"}, "14 events, 2012-2020, JNIM", False),
        ("actor=aqim&from=2012&to=2020", {"aqim": "AQIM"}, "14 events, 2012-2021, AQIM", False),
        ("place=MLI&status=disputed", {}, "1 event, in Mali, disputed", True),
        ("q=hostage", {}, "1,204 events, containing 'hostage'", True),
        ("", {}, "All 96 events", True),
        ("", {}, "96 events, AQIM", False),
    ],
)
def test_the_expected_sentence_is_the_apps_own(query, names, shown, matches):
    assert sentence_shown(["Filters", shown], expected_sentence(query, names)) is matches


def test_a_link_the_app_would_reject_is_refused():
    with pytest.raises(ValueError, match="actor=nobody"):
        expected_sentence("actor=nobody", {})


@pytest.mark.parametrize(
    ("body", "plain"),
    [("**14 events, 2012\\-2020, AQIM**", "14 events, 2012-2020, AQIM"),
     ("**All 96 events**", "All 96 events"),
     ("plain \\*text\\*", "plain *text*")],
)
def test_markdown_is_read_as_its_reader_sees_it(body, plain):
    assert protocol.plain_markdown(body) == plain


def test_a_rerun_carries_the_query_string_and_page():
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg.FromString(protocol.rerun_script("actor=aqim", "timeline", "abc"))
    assert msg.WhichOneof("type") == "rerun_script"
    assert (msg.rerun_script.query_string, msg.rerun_script.page_name,
            msg.rerun_script.page_script_hash) == ("actor=aqim", "timeline", "abc")


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [([], 50, 0.0), ([5.0], 95, 5.0), ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
     (list(map(float, range(1, 101))), 95, 95.0)],
)
def test_percentile(values, q, expected):
    assert percentile(values, q) == expected


@pytest.mark.parametrize("url", ["http://192.0.2.1:8501", "https://127.0.0.1:8501", "127.0.0.1:8501",
                                 "ws://localhost:8501"])
def test_only_loopback_http_targets_are_accepted(url):
    with pytest.raises(LoadTestError, match="--url"):
        parse_target(url)


def test_a_loopback_target_keeps_its_port_and_path():
    target = parse_target("http://localhost:8601/team/")
    assert (target.port, target.base) == (8601, "/team")


@pytest.mark.parametrize("args", [["--sessions", "0"], ["--sessions", "201"], ["--seconds", "0"],
                                  ["--think-min", "3", "--think-max", "1"]])
def test_out_of_bounds_arguments_are_refused(args, capsys):
    assert cli_main(["loadtest", "--url", "http://127.0.0.1:9", *args]) == 2
    assert "loadtest: --" in capsys.readouterr().err


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_server(ROOT / "data", tmp_path_factory.mktemp("loadtest") / "streamlit.log")
    yield server
    server.stop()


def test_a_short_run_reports_every_figure_and_no_error(app: Server, capsys):
    code = cli_main(["loadtest", "--url", app.url, "--sessions", "3", "--seconds", "4",
                     "--think-min", "0.2", "--think-max", "0.6", "--seed", "1"])
    summary = json.loads(capsys.readouterr().out)
    assert KEYS <= summary.keys()
    assert summary["errors"] == 0, summary["error_samples"]
    assert code == 0
    assert summary["sessions"] == 3 and summary["reruns"] > 0
    assert 0 < summary["p50_ms"] <= summary["p95_ms"] <= summary["max_ms"]
    assert summary["dropped_connections"] == 0
    assert summary["backends"] == {app.address: summary["connections"]}


def test_a_page_without_the_expected_sentence_is_an_error(app: Server):
    # The link filters AQIM, but the session is told to expect JNIM in the sentence.
    wrong = (Link("actor=aqim&from=2012&to=2020", {"aqim": "JNIM"}),)
    summary = asyncio.run(run(parse_target(app.url), 1, 1.0, think_min=0, think_max=0,
                              links=wrong, pages=("timeline",)))
    assert summary["reruns"] > 0
    assert summary["errors"] == summary["reruns"]
    assert "no sentence matching" in summary["error_samples"][0]
    assert "JNIM" in summary["error_samples"][0]


def test_the_curated_links_are_all_accepted():
    assert all(link.expected() for link in LINKS)
