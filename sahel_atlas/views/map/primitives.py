"""The two kinds of pydeck layer the map draws, dots and labels, with what they all share.

Every layer reads each record's "position", sizes in pixels unless told otherwise and is not
pickable unless told (only the place markers are).
"""

from __future__ import annotations

import pydeck as pdk

# pydeck turns bare strings into accessors ("@@=..."); constants are written quoted.
FONT = '"Helvetica Neue, Helvetica, Arial, sans-serif"'


def dots_layer(layer_id: str, data: list[dict], *, radius: object, fill: object,
               line: object = None, line_width: object = 1, units: str = "pixels",
               **style: object) -> pdk.Layer:
    """A ScatterplotLayer; `line` (a colour or a field) draws each dot's outline, in pixels."""
    outline = {} if line is None else {
        "get_line_color": line, "get_line_width": line_width,
        "stroked": True, "line_width_units": "'pixels'",
    }
    return pdk.Layer(
        "ScatterplotLayer", id=layer_id, data=data, get_position="position",
        get_radius=radius, radius_units=f"'{units}'", get_fill_color=fill,
        **outline, **{"pickable": False, **style},
    )


def labels_layer(layer_id: str, data: list[dict], *, text: str, size: float, color: object,
                 **style: object) -> pdk.Layer:
    """A TextLayer of the field `text`, `size` pixels high, in the map's font, any script."""
    return pdk.Layer(
        "TextLayer", id=layer_id, data=data, get_position="position", get_text=text,
        get_size=size, size_units="'pixels'", get_color=color, font_family=FONT,
        character_set="'auto'", **{"pickable": False, **style},
    )
