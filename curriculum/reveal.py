"""When an assessment's explanations (and whatever else gives the right answers away) may be shown to a learner.

The rule: only when no further attempt will follow — every allowed attempt is used, or the assessment is closed
(its due date has passed and no late work is accepted). Reaching the pass mark does not end an assessment: a
learner who passed keeps the attempts the author granted (a "best attempt" policy lets them improve), so until
the last one they see only the verdict per question and the feedback written for the options they chose. With
unlimited attempts nothing is revealed before the assessment closes.

Every channel calls :func:`answers_revealed`; the SCORM package's JavaScript mirrors it (``revealAnswers`` in
``scorm_export/static/sco.js``), and a parity test runs both on the same cases.
"""

from __future__ import annotations

from .model import Assessment
from .scoring import attempts_left


def answers_revealed(assessment: Assessment, attempts_used: int, closed: bool = False) -> bool:
    """True when explanations and correct answers may be shown: no attempt can follow."""
    return closed or attempts_left(assessment, attempts_used) == 0
