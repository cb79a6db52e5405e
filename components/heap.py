"""The server's long-lived objects, kept out of the garbage collector's full passes."""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_long_lived(dataset_open: bool) -> bool:
    """Once per server, after the first script run that found the dataset open: collect, then
    freeze what is left (the imports and the dataset's tables and frames) with `gc.freeze`.

    Why: Python's full collections scan every tracked object; at 1M events that is 300k of
    them, 0.2-0.3 s a pass, once or twice in a profile's first run and under the interpreter
    lock, so every other session waits. Frozen objects are still freed by reference counting;
    only a cycle among them would never be collected (the first session's state at worst, once
    per server). What later runs keep (caches) stays collectable and is all a full pass scans.
    Returns whether this call froze the heap.
    """
    global _frozen
    if _frozen or not dataset_open:
        return False
    with _lock:
        if _frozen:
            return False
        gc.collect()
        gc.freeze()
        _frozen = True
        return True
