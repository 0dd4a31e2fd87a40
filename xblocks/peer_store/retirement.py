"""The LMS's user-retirement pipeline reaches the peer data here.

When a user is retired, the LMS sends ``USER_RETIRE_LMS_MISC`` (``openedx.core.djangoapps.user_api.accounts.signals``)
with the ``user``; :func:`on_user_retired` is connected to it when the app starts inside the LMS, looks up the
user's anonymous ids (the peer tables' learner keys) and calls :func:`xblocks.peer_store.api.retire_learners`.
Operators with their own pipeline can call ``retire_learners`` with the anonymous ids directly.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def retirement_signal():
    """The LMS's retirement signal, or None outside the LMS."""
    try:
        from openedx.core.djangoapps.user_api.accounts.signals import USER_RETIRE_LMS_MISC
    except ImportError:
        return None
    return USER_RETIRE_LMS_MISC


def anonymous_ids_of(user: Any) -> list[str]:
    """Every anonymous user id the LMS handed out for ``user`` (one per course)."""
    from common.djangoapps.student.models import AnonymousUserId

    return list(AnonymousUserId.objects.filter(user=user).values_list("anonymous_user_id", flat=True))


def on_user_retired(sender: Any, user: Any = None, **kwargs: Any) -> None:
    """Receiver of the LMS's retirement signal: remove or anonymise the user's peer data."""
    from . import api

    if user is None:
        return
    removed = api.retire_learners(anonymous_ids_of(user))
    log.info("Field School peer data retired for user %s: %d rows", getattr(user, "id", "?"), removed)
