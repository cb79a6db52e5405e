"""Playing a briefing: which slide a link names, and the link of every slide."""

from __future__ import annotations

from sahel_atlas.briefings.model import Briefing, Params

BRIEFING_PARAM = "briefing"
SLIDE_PARAM = "slide"
NOTES_PARAM = "notes"  # `notes=hide` hides the speaker's note on a shared screen
PLAY_PARAMS = (BRIEFING_PARAM, SLIDE_PARAM, NOTES_PARAM)


def slide_index(raw: str | None, count: int) -> tuple[int, str | None]:
    """The 0-based slide a `slide=K` value names (1-based, clamped), and a notice if it was bad."""
    if count == 0:
        return 0, None
    try:
        number = int(raw) if raw not in (None, "") else 1
    except ValueError:
        return 0, f"Ignored slide={raw}: not a number; showing slide 1."
    if not 1 <= number <= count:
        shown = min(max(number, 1), count)
        return shown - 1, f"Ignored slide={raw}: the briefing has {count} slides; showing slide {shown}."
    return number - 1, None


def slide_params(briefing: Briefing, index: int, notes_hidden: bool = False) -> Params:
    """The URL parameters of slide `index` (0-based) played: its view, the briefing, K."""
    params = {k: list(v) for k, v in briefing.slides[index].view.items()}
    params[BRIEFING_PARAM] = [briefing.name]
    params[SLIDE_PARAM] = [str(index + 1)]
    if notes_hidden:
        params[NOTES_PARAM] = ["hide"]
    return params


def position(index: int, count: int) -> str:
    """'K / N', what the screen shows."""
    return f"{index + 1} / {count}"
