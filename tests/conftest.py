"""Shared fixtures: a tiny valid dataset written once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_data import write_dataset


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory of the fixture dataset; point SAHEL_ATLAS_DATA at it for app tests."""
    return write_dataset(tmp_path_factory.mktemp("tiny_data"))


@pytest.fixture(scope="session")
def merged_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small merged import: ACLED-origin events that carry the curated `aqim` id."""
    from merged_fixture import write_merged_dataset

    return write_merged_dataset(tmp_path_factory.mktemp("merged_data"))
