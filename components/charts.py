"""Every plotly chart of the app goes through `plotly_chart`: one configuration, so each chart
reaches no host but the app's own and its modebar's camera saves a PNG named after the view."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.context import View
from sahel_atlas.export.csv_file import export_filename

# Plotly in the browser must reach no host but the app's own: no logo link, no "edit in
# Chart Studio" link, no MathJax, no geo charts (and so no topojson fetched from a CDN).
# The modebar shows on hover with its camera ("Download plot as a PNG"), drawn in the browser.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "typesetMath": False,
    "scrollZoom": False,
    "displayModeBar": "hover",
    "modeBarButtonsToRemove": ["lasso2d"],
    "toImageButtonOptions": {"format": "png", "filename": "sahel-atlas", "scale": 2},
}


def picture_name(what: str, view: View) -> str:
    """A picture's file name (no suffix) saying what it shows: `sahel-atlas_timeline_2013_aqim`."""
    return export_filename(what, view.filters, view.vocab).removesuffix(".csv")


def plotly_config(filename: str) -> dict[str, Any]:
    """The app's plotly configuration, its camera saving `filename`.png at twice the size."""
    return {**PLOTLY_CONFIG,
            "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": filename}}


def plotly_chart(figure: Any, *, key: str, alt: str, filename: str, **options: Any) -> Any:
    """`st.plotly_chart` full width with the app's configuration; returns its selection state."""
    return st.plotly_chart(figure, key=key, config=plotly_config(filename), width="stretch",
                           alt=alt, **options)
