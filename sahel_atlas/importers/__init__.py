"""`sahel-atlas import`: ACLED and UCDP GED exports into a dataset of the data contract.

The mapping, field by field, is in docs/importing.md. `EXPORTS` names each importer.
"""

from __future__ import annotations

from types import ModuleType

from sahel_atlas.importers import acled, ucdp
from sahel_atlas.importers.common import Export, ImportRefused, Outcome, run_import


def _export(module: ModuleType, *, label: str, publisher: str, fields_line: str,
            notes_name: str) -> Export:
    """An importer's `Export`: the functions and names its module defines, and its words."""
    return Export(
        origin=module.ORIGIN,
        label=label,
        publisher=publisher,
        detect_layout=module.detect_layout,
        layout_hint=module.layout_hint,
        map_chunk=module.map_chunk,
        source_column=module.SOURCE_COLUMN,
        fields_line=fields_line,
        notes_name=notes_name,
    )


ACLED = _export(
    acled,
    label="ACLED",
    publisher="ACLED (Armed Conflict Location & Event Data Project)",
    fields_line="event_id_cnty | event_date | event_type: sub_event_type | actors | location, "
    "admin1, country | source (source_scale)",
    notes_name="notes",
)
UCDP = _export(
    ucdp,
    label="UCDP GED",
    publisher="UCDP (Uppsala Conflict Data Program), Georeferenced Event Dataset",
    fields_line="id | date_start..date_end | type of violence | side_a; side_b | "
    "where_coordinates, adm_1, country | source_article",
    notes_name="where_description",
)
EXPORTS = {"acled": ACLED, "ucdp": UCDP}

__all__ = ["ACLED", "EXPORTS", "UCDP", "Export", "ImportRefused", "Outcome", "run_import"]
