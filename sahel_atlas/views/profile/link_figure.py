"""The link chart drawn with Plotly: lines per status with arrowheads, nodes by family and kind."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from sahel_atlas.views import palette
from sahel_atlas.views.figure_spec import FigureSpec, figure_spec
from sahel_atlas.views.profile.links import RING_RADII, Edge, LinkChart, Node
from sahel_atlas.views.profile.vocabulary import KIND_LABELS, KIND_SYMBOLS, STATUS_DASH
from sahel_atlas.text.strings import esc

NODE_SIZES = {0: 38, 1: 22, 2: 15}
EDGE_GREY, ARROW_GREY, LABEL_GREY = "#8A8A8A", "#666666", "#444444"


def _text_position(node: Node) -> str:
    if node.ring == 0:
        return "bottom center"
    if node.x > 0.25:
        return "middle right"
    if node.x < -0.25:
        return "middle left"
    return "top center" if node.y > 0 else "bottom center"


def _upright(degrees: float) -> float:
    """An angle turned by half turns into [-90, 90], so that text along a line never reads upside down."""
    while degrees > 90:
        degrees -= 180
    while degrees < -90:
        degrees += 180
    return degrees


def _edge_annotations(edge: Edge, a: Node, b: Node, centre: str, scale: float, font: int) -> list[dict]:
    """The arrowhead at the object's edge and the predicate along the line."""
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    back = 0.06 + NODE_SIZES[b.ring] * scale / 2 / 150
    hx, hy = b.x - ux * back, b.y - uy * back
    arrow = dict(x=hx, y=hy, ax=hx - ux * 0.015, ay=hy - uy * 0.015, xref="x", yref="y",
                 axref="x", ayref="y", text="", showarrow=True, arrowhead=2,
                 arrowsize=1.3, arrowwidth=1.4 * scale, arrowcolor=ARROW_GREY)
    where = 0.55 if centre in (edge.subject_id, edge.object_id) else 0.5
    words = dict(x=a.x + dx * where, y=a.y + dy * where, xref="x", yref="y",
                 text=esc(edge.label, 40), showarrow=False,
                 textangle=_upright(-math.degrees(math.atan2(dy, dx))),
                 font=dict(size=font - 3, color=LABEL_GREY), bgcolor="rgba(255,255,255,0.7)")
    return [arrow, words]


def _edge_traces(chart: LinkChart, scale: float, font: int) -> tuple[list[dict], list[dict]]:
    """One line trace per status (a confirmed one always, for the legend), and the annotations."""
    positions = {n.actor_id: n for n in chart.nodes}
    annotations: list[dict] = []
    traces: list[dict] = []
    for status, dash in STATUS_DASH.items():
        xs: list[float | None] = []
        ys: list[float | None] = []
        for edge in (e for e in chart.edges if e.dash == dash):
            a, b = positions[edge.subject_id], positions[edge.object_id]
            xs += [a.x, b.x, None]
            ys += [a.y, b.y, None]
            annotations += _edge_annotations(edge, a, b, chart.centre, scale, font)
        if xs or status == "confirmed":
            traces.append(dict(
                type="scatter", x=xs, y=ys, mode="lines", name=f"{status} relation",
                line=dict(color=EDGE_GREY, width=1.6 * scale, dash=dash),
                hoverinfo="skip", legendgroup="edges",
            ))
    return traces, annotations


def _hover(node: Node) -> str:
    text = f"{esc(node.name, 80)}<br>{esc(KIND_LABELS.get(node.kind, node.kind))}"
    return text + ("" if node.ring == 0 else "<br>click to open its profile")


def _node_trace(family: str, nodes: list[Node], scale: float, font: int) -> dict:
    """The family's nodes, shaped by kind; customdata[0] is the actor id (for a click)."""
    ring_font = {0: font + 3, 1: font, 2: font - 1}
    return dict(
        type="scatter",
        x=[n.x for n in nodes],
        y=[n.y for n in nodes],
        mode="markers+text",
        name=palette.FAMILY_LABELS[family],
        text=["" if n.ring == 0 else esc(n.label, 36) for n in nodes],
        textposition=[_text_position(n) for n in nodes],
        textfont=dict(size=[ring_font[n.ring] for n in nodes], color=palette.TEXT),
        customdata=[[n.actor_id] for n in nodes],
        hovertext=[_hover(n) for n in nodes],
        hoverinfo="text",
        marker=dict(
            size=[NODE_SIZES[n.ring] * scale for n in nodes],
            color=palette.FAMILY_COLOURS[family],
            symbol=[KIND_SYMBOLS.get(n.kind, "circle") for n in nodes],
            opacity=[1.0 if n.ring < 2 else 0.7 for n in nodes],
            line=dict(color="#FFFFFF", width=1.5),
        ),
        legendgroup="families",
    )


def _centre_label(centre: Node, font: int) -> dict:
    """The centre's name, on a white label so that the lines do not cross it."""
    return dict(x=centre.x, y=centre.y - 0.2, xref="x", yref="y", showarrow=False, yanchor="top",
                text=f"<b>{esc(centre.label, 40)}</b>", font=dict(size=font + 4, color=palette.TEXT),
                bgcolor="rgba(255,255,255,0.92)", borderpad=2)


def _layout(fig: go.Figure, chart: LinkChart, present: bool, font: int) -> None:
    reach = RING_RADII[2] if any(n.ring == 2 for n in chart.nodes) else RING_RADII[1]
    span = reach + 0.3
    height = 900 if reach > 1.5 else 640
    fig.update_layout(
        showlegend=True,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, font=dict(size=font)),
        height=int(height * (1.2 if present else 1.0)),
        margin=dict(l=10, r=10, t=40, b=10),
        # Equal scales (a circle stays a circle); the x range is widened to the chart's width.
        xaxis=dict(visible=False, range=[-span * 1.25, span * 1.25], constrain="domain"),
        yaxis=dict(visible=False, range=[-span, span], scaleanchor="x", scaleratio=1),
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        dragmode=False,
        hovermode="closest",
        clickmode="event+select",
        font=dict(size=font, color=palette.TEXT),
    )


def _figure(chart: LinkChart, present: bool) -> tuple[go.Figure, list[dict], list[dict]]:
    """The figure's layout (an empty figure), its traces and its annotations (plain dicts)."""
    scale = 1.4 if present else 1.0
    font = 18 if present else 12
    fig = go.Figure()
    traces, annotations = _edge_traces(chart, scale, font)
    for family in palette.FAMILY_COLOURS:
        nodes = [n for n in chart.nodes if n.family == family]
        if nodes:
            traces.append(_node_trace(family, nodes, scale, font))
    annotations.append(_centre_label(chart.node(chart.centre), font))
    _layout(fig, chart, present, font)
    return fig, traces, annotations


def link_figure(chart: LinkChart, *, present: bool = False) -> go.Figure:
    """The link chart as a Plotly figure: lines per status (solid confirmed, dashed claimed,
    dotted disputed) with an arrowhead at the object and the predicate along the line; nodes
    coloured by family, shaped by kind. customdata[0] of every node is its actor id."""
    fig, traces, annotations = _figure(chart, present)
    fig.add_traces([go.Scatter(trace) for trace in traces])
    fig.update_layout(annotations=annotations)
    return fig


def link_spec(chart: LinkChart, *, present: bool = False) -> FigureSpec:
    """`link_figure` as the dict Streamlit sends, made without plotly checking each of its
    traces and annotations (two annotations per relation, traces of thousands of points:
    1.5 s for a busy group at 1M events); `link_figure`'s JSON is the same."""
    fig, traces, annotations = _figure(chart, present)
    return figure_spec(fig, annotations=annotations, data=traces)
