"""`sahel-atlas import`: ACLED and UCDP GED exports into a dataset of the data contract.

The mapping, field by field, is in docs/importing.md. `EXPORTS` names each importer.
"""

from __future__ import annotations

from sahel_atlas.importers import acled, ucdp
from sahel_atlas.importers.common import Export, ImportRefused, Outcome, run_import

ACLED = Export(
    origin=acled.ORIGIN,
    label="ACLED",
    publisher="ACLED (Armed Conflict Location & Event Data Project)",
    detect_layout=acled.detect_layout,
    layout_hint=acled.layout_hint,
    map_chunk=acled.map_chunk,
    source_column=acled.SOURCE_COLUMN,
    fields_line="event_id_cnty | event_date | event_type: sub_event_type | actors | location, "
    "admin1, country | source (source_scale)",
    notes_name="notes",
)
UCDP = Export(
    origin=ucdp.ORIGIN,
    label="UCDP GED",
    publisher="UCDP (Uppsala Conflict Data Program), Georeferenced Event Dataset",
    detect_layout=ucdp.detect_layout,
    layout_hint=ucdp.layout_hint,
    map_chunk=ucdp.map_chunk,
    source_column=ucdp.SOURCE_COLUMN,
    fields_line="id | date_start..date_end | type of violence | side_a; side_b | "
    "where_coordinates, adm_1, country | source_article",
    notes_name="where_description",
)
EXPORTS = {"acled": ACLED, "ucdp": UCDP}

__all__ = ["ACLED", "EXPORTS", "UCDP", "Export", "ImportRefused", "Outcome", "run_import"]
