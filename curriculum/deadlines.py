"""When a deadline has passed, the same in every channel: from its very moment on (``now >= deadline``). A channel
adds what its platform adds before asking (Open edX's grace period); both times are aware, or both naive UTC."""

from __future__ import annotations

from datetime import datetime


def deadline_passed(deadline: datetime | None, now: datetime) -> bool:
    """Whether ``deadline`` has passed at ``now``; no deadline never passes."""
    return deadline is not None and now >= deadline
