"""Grades for learners who are not the one making the request.

The LMS records a block's ``grade`` event only for the current user, so a peer grade that a reviewer's review (or a
staff grade) completes would otherwise wait until its author opens the exercise again. Where edx-submissions is
installed (always inside the LMS: ORA2 grades this way), the grade is set on a submission of the author's student
item with ``submissions.api.set_score``, which the LMS's grades app turns into the author's gradebook entry.
Elsewhere (the workbench) nothing happens and the grade follows on the author's next visit.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def submissions_api() -> Any | None:
    """edx-submissions' API module, or None where it is not installed."""
    try:
        from submissions import api
    except ImportError:
        return None
    return api


def student_item(block: Any, learner: str) -> dict[str, str]:
    """edx-submissions' key for one learner's work in one block (the anonymous id, as ORA2 uses)."""
    usage_id = block.scope_ids.usage_id
    course_id = getattr(usage_id, "course_key", None) or getattr(block.runtime, "course_id", "") or ""
    return {"student_id": learner, "course_id": str(course_id), "item_id": str(usage_id),
            "item_type": block.scope_ids.block_type}


def publish_for(block: Any, learner: str, earned: float, possible: float) -> bool:
    """Set ``learner``'s score for ``block`` through edx-submissions; False where it is not available."""
    api = submissions_api()
    if api is None:
        return False
    item = student_item(block, learner)
    try:
        found = api.get_submissions(item, limit=1)
        uuid = found[0]["uuid"] if found else api.create_submission(item, {"fieldschool": "peer exercise"})["uuid"]
        api.set_score(uuid, earned, possible)
    except Exception:  # the reviewer's request must not fail; the grade follows on the author's next visit
        log.exception("Field School peer grade for %s in %s could not be set through edx-submissions", learner,
                      item["item_id"])
        return False
    log.info("Field School peer grade %s/%s set for %s in %s", earned, possible, learner, item["item_id"])
    return True
