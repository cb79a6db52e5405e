"""Streamlit's websocket protocol as a browser speaks it: BackMsg out, ForwardMsg in.

Only the protobuf messages of the installed Streamlit are imported (no runtime): the wire
format is theirs, so the load generator sends exactly the bytes the frontend sends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

STREAM_PATH = "/_stcore/stream"
HEALTH_PATH = "/_stcore/health"
HOST_CONFIG_PATH = "/_stcore/host-config"
# The first subprotocol is the one the server selects; the second carries the XSRF token and
# the third the session to resume (starlette_websocket._parse_subprotocols).
SUBPROTOCOL = "streamlit"
XSRF_COOKIE = "_streamlit_xsrf"

FINISHED_OK = ForwardMsg.FINISHED_SUCCESSFULLY
FINISHED_COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
FINISHED_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN

_MD_ESCAPE = re.compile(r"\\(.)")


def subprotocols(xsrf_token: str | None, session_id: str | None) -> list[str]:
    """The Sec-WebSocket-Protocol entries the frontend sends (empty entries keep positions)."""
    entries = [SUBPROTOCOL, xsrf_token or "xsrf"]
    if session_id:
        entries.append(session_id)
    return entries


def rerun_script(query_string: str, page_name: str, page_script_hash: str = "",
                 widget_states: WidgetStates | None = None) -> bytes:
    """A `rerun_script` BackMsg: what the browser sends on opening a URL or switching page."""
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query_string
    state.page_name = page_name
    state.page_script_hash = page_script_hash
    state.widget_states.SetInParent()
    if widget_states is not None:
        state.widget_states.CopyFrom(widget_states)
    state.context_info.timezone = "UTC"
    state.context_info.timezone_offset = 0
    state.context_info.locale = "en-GB"
    return msg.SerializeToString()


@dataclass
class RunResult:
    """What one script run sent back: its text, problems, status and navigation."""

    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    error_alerts: list[str] = field(default_factory=list)
    status: int | None = None
    session_id: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page_script_hash
    query_string: str | None = None  # as the app rewrote the URL during the run
    main_script_hash: str = ""  # app.py's hash, from new_session
    # Widgets drawn this run: id -> (the value the browser would hold, hash of the script
    # that drew it), as the frontend's WidgetStateManager keeps them.
    widgets: dict[str, tuple[WidgetState, str]] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.status in (FINISHED_OK, FINISHED_COMPILE_ERROR)


def read(data: bytes, into: RunResult) -> None:
    """Fold one ForwardMsg frame into the run it belongs to."""
    msg = ForwardMsg()
    msg.ParseFromString(data)
    kind = msg.WhichOneof("type")
    if kind == "new_session":
        into.session_id = msg.new_session.initialize.session_id or into.session_id
        into.main_script_hash = msg.new_session.main_script_hash or into.main_script_hash
    elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        _read_element(msg.delta.new_element, into)
        state = widget_state(msg.delta.new_element)
        if state is not None:
            into.widgets[state.id] = (state, msg.metadata.active_script_hash)
    elif kind == "navigation":
        into.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
    elif kind == "page_info_changed":
        into.query_string = msg.page_info_changed.query_string
    elif kind == "script_finished" and msg.script_finished != FINISHED_FOR_RERUN:
        into.status = msg.script_finished


def _read_element(element, into: RunResult) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        into.exceptions.append(f"{element.exception.type}: {element.exception.message}")
    elif kind == "alert" and element.alert.format == Alert.ERROR:
        into.error_alerts.append(element.alert.body)
    elif kind == "markdown":
        into.texts.append(plain_markdown(element.markdown.body))
    elif kind == "heading":
        into.texts.append(element.heading.body)


def plain_markdown(body: str) -> str:
    """Markdown as its reader sees the words: bold marks dropped, escapes undone."""
    text = body.strip()
    if text.startswith("**") and text.endswith("**") and len(text) >= 4:
        text = text[2:-2]
    return _MD_ESCAPE.sub(r"\1", text)


def widget_state(element: Element) -> WidgetState | None:
    """The value the frontend holds for a widget element once drawn; None if not a widget.

    Each widget commits its value on mount: the one the server set (`set_value`) or its
    default, serialized as the backend's `register_widget` reads it (formatted option
    labels, ISO dates); a widget without a value is its id alone. Buttons hold
    nothing until clicked.
    """
    kind = element.WhichOneof("type")
    proto = getattr(element, kind) if kind else None
    if kind == "multiselect":
        values = proto.raw_values if proto.set_value else [proto.options[i] for i in proto.default]
        return _string_array(proto.id, values)
    if kind == "date_input":
        return _string_array(proto.id, proto.value if proto.set_value else proto.default)
    if kind in ("radio", "selectbox"):
        if proto.set_value:
            return _string(proto.id, proto.raw_value if proto.HasField("raw_value") else None)
        return _string(proto.id, proto.options[proto.default] if proto.HasField("default") else None)
    if kind in ("text_input", "text_area"):
        field_name = "value" if proto.set_value else "default"
        return _string(proto.id, getattr(proto, field_name) if proto.HasField(field_name) else None)
    if kind == "checkbox":  # st.toggle too
        return WidgetState(id=proto.id, bool_value=proto.value if proto.set_value else proto.default)
    return None


def _string(widget_id: str, value: str | None) -> WidgetState:
    return WidgetState(id=widget_id) if value is None else WidgetState(id=widget_id, string_value=value)


def _string_array(widget_id: str, values: Iterable[str]) -> WidgetState:
    state = WidgetState(id=widget_id)
    state.string_array_value.data.extend(values)
    return state


def widget_states(widgets: dict[str, tuple[WidgetState, str]],
                  script_hash: str | None = None) -> WidgetStates:
    """The WidgetStates message for `widgets`; only those drawn by `script_hash` if given."""
    msg = WidgetStates()
    msg.widgets.extend(state for state, drawn_by in widgets.values()
                       if script_hash is None or drawn_by == script_hash)
    return msg
