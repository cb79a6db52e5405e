"""The settings a served atlas relies on, read from the config file Streamlit loads."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


@pytest.mark.parametrize(
    ("section", "option", "value", "why"),
    [
        ("browser", "gatherUsageStats", False, "nothing leaves the machine"),
        ("server", "headless", True, "no browser opened on the server"),
        ("server", "fileWatcherType", "none", "no file polling on a served atlas"),
        ("runner", "postScriptGC", False, "no full garbage collection after every rerun"),
        ("client", "showErrorDetails", "none", "no traceback shown to a viewer"),
    ],
)
def test_the_served_app_has_its_setting(section: str, option: str, value: object, why: str) -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config.get(section, {}).get(option) == value, f"{section}.{option} ({why})"


def test_streamlit_reads_every_option_of_the_file() -> None:
    """An option Streamlit does not know is ignored silently: a typo would undo a setting."""
    from streamlit import config as st_config

    known = st_config._config_options_template  # noqa: SLF001 - the list of defined options
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    unknown = [f"{s}.{o}" for s, options in config.items() for o in options if f"{s}.{o}" not in known]
    assert unknown == []
