"""A plotly figure turned into its dict once, shared read-only by every session that shows it."""

from __future__ import annotations

from typing import Any

from plotly.basedatatypes import BaseFigure


class FigureSpec(BaseFigure):
    """A figure's `to_dict()`, made once.

    `st.plotly_chart` asks a figure only for `to_dict()` (a deep copy of every trace, 0.1-0.2 s
    for a link chart of hundreds of actors) and then serialises that dict; a cached spec skips
    the copy on every rerun, as `views.map.deck.DeckSpec` does for the map. Nothing else of
    `BaseFigure` works on it: it is built without its constructor, and callers never modify it.
    """

    def __init__(self, figure: BaseFigure, annotations: list[dict] | None = None,
                 data: list[dict] | None = None) -> None:
        self._spec = figure.to_dict()  # no BaseFigure.__init__: only the dict is kept
        if annotations is not None:  # plain dicts, added as they are (no plotly check)
            self._spec["layout"] = {**self._spec.get("layout", {}), "annotations": annotations}
        if data is not None:  # the traces as plain dicts (each with its "type"), likewise
            self._spec["data"] = [*self._spec.get("data", []), *data]

    def to_dict(self) -> dict[str, Any]:
        return self._spec

    def to_plotly_json(self) -> dict[str, Any]:
        return self._spec

    @property
    def layout(self) -> Any:
        """The layout as a plain dict (read-only), for the few that ask a figure for it."""
        return self._spec.get("layout", {})


def figure_spec(figure: BaseFigure, annotations: list[dict] | None = None,
                data: list[dict] | None = None) -> FigureSpec:
    """The figure's dict, made once (with `annotations` as its layout's and `data`'s traces
    after its own, when given)."""
    return FigureSpec(figure, annotations, data)
