"""Keeping the cyclic garbage collector off the loaded curriculum while an export runs.

A loaded course is a large heap of long-lived objects. An export allocates enough to set off a full collection of
the oldest generation, which walks every one of them (tens of milliseconds in a first export) to free nothing: the
course outlives the export. :func:`frozen_heap` moves the objects that exist when the export begins into the
collector's permanent generation (:func:`gc.freeze`) and puts them back (:func:`gc.unfreeze`) when it ends; the
objects the export itself creates are collected as usual. Nothing is freed or kept differently, only walked less.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # exports running now (nested or in other threads)
_froze = False  # whether the outermost of them froze the heap (and so must unfreeze it)


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Run the block with the objects that exist now left out of the garbage collector's walks.

    Safe to nest and to use from several threads: the first block to enter freezes, the last to leave unfreezes,
    also when the block raises. If something else has already frozen objects (``gc.get_freeze_count()`` is not
    zero when the first block enters), nothing is frozen or unfrozen: unfreezing would undo the other freeze too.
    """
    global _depth, _froze
    with _lock:
        if _depth == 0:
            _froze = gc.get_freeze_count() == 0
            if _froze:
                gc.freeze()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _froze:
                _froze = False
                gc.unfreeze()
