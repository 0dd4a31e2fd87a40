"""Per-learner rate limits counted in the shared store (Redis across workers and machines, in-process otherwise):
a counter that starts with the first request and expires a minute later, so no burst fits across a window edge."""

from __future__ import annotations

from ..kvstore import shared_store

WINDOW_SECONDS = 60


def take(action: str, who: str, per_minute: int) -> int:
    """Count one ``action`` by ``who``. Returns 0 when allowed, else how many seconds to wait at most (what a
    ``Retry-After`` header says)."""
    count = shared_store().incr(f"rate:{action}:{who}", WINDOW_SECONDS)
    return 0 if count <= per_minute else WINDOW_SECONDS
