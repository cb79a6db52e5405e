"""Cell values from pandas or Arrow as plain Python: missing values become "" or []."""

from __future__ import annotations

import pandas as pd


def text(value: object, default: str = "") -> str:
    """A cell as a string; None, NaN and NA become `default`."""
    if value is None:
        return default
    if not isinstance(value, str):
        try:
            if pd.isna(value):
                return default
        except (TypeError, ValueError):  # a list or array is not "missing"
            pass
    return str(value)


def str_list(value: object) -> list[str]:
    """A list cell as a list of strings; a missing cell is empty, a lone string a list of one."""
    if value is None or isinstance(value, float):
        return []
    if isinstance(value, str):
        return [value]
    try:
        return [str(v) for v in value if v is not None]
    except TypeError:
        return []
