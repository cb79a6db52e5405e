"""A synthetic dataset of thousands of events, a few of whose cells a spreadsheet would run."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sahel_atlas.devtools.synth.dataset import synthesize

# Titles and descriptions that Excel or LibreOffice would evaluate if written as they are.
FORMULA_TITLES = ('=HYPERLINK("http://127.0.0.1/x","Gao")', "+1+1 Ménaka", "@SUM(A1:A9)")
FORMULA_DESCRIPTIONS = ("-2 killed near Kidal", "=cmd|' /C calc'!A0")


def write_export_dataset(directory: Path, n_events: int = 4_500, seed: int = 7) -> Path:
    """`synthesize` into `directory/data`, then give the latest events formula-like text."""
    data = synthesize(n_events, directory / "data", seed=seed)
    path = data / "events.parquet"
    table = pq.read_table(path)
    # Events are stored oldest first: the last rows match any "from a recent year" filter.
    for column, texts in (("title", FORMULA_TITLES), ("description", FORMULA_DESCRIPTIONS)):
        values = table[column].to_pylist()
        for offset, text in enumerate(texts, start=1):
            values[-offset * 7] = text
        index = table.schema.get_field_index(column)
        table = table.set_column(index, column, pa.array(values, pa.string()))
    pq.write_table(table, path, compression="zstd")
    return data
