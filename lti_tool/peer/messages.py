"""Plain words, in the learner's language, for the core's states and notices and the tool's refusals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from curriculum.peer.workflow import LearnerState, Notice

STATES = {
    LearnerState.NOT_SUBMITTED: _l("not submitted"),
    LearnerState.SUBMITTED: _l("submitted, waiting for the instructor"),
    LearnerState.REVIEWING: _l("reviewing"),
    LearnerState.WAITING: _l("waiting for reviews"),
    LearnerState.GRADED: _l("graded"),
}

NOTICES = {
    Notice.POOL_TOO_SMALL: _l("Few people have submitted in this course, so each response needs fewer peer reviews "
                              "than usual: %(n)s."),
    Notice.NOTHING_TO_REVIEW_YET: _l("There is no response from a peer for you to review yet. Come back later: "
                                     "as soon as a peer submits, you can review it."),
    Notice.REVIEW_DEADLINE_PASSED: _l("The review period has ended. Your grade is based on the reviews you "
                                      "received."),
    Notice.INSTRUCTOR_WILL_GRADE: _l("Your instructor will grade your response."),
    Notice.FIRST_TO_SUBMIT: _l("You are among the first to submit: your peers will review your response as they "
                               "submit theirs."),
    Notice.SUBMISSION_CLOSED: _l("The submission deadline has passed."),
}

REFUSALS = {
    "not_submitted": _l("Submit your own response first; then you can review your peers' work."),
    "closed": _l("Reviewing is closed for this activity."),
    "none_available": _l("There is no response from a peer for you to review yet. Come back later."),
    "lease_gone": _l("This review was handed to someone else because its time ran out. Ask for another one."),
    "submission_closed": _l("The submission deadline has passed: your response can no longer be changed."),
    "empty": _l("Write a response or attach a file before submitting."),
    "own": _l("A learner cannot review their own response."),
    "busy": _l("This learner is already reviewing another response."),
    "twice": _l("This learner has already reviewed this response."),
    "draft": _l("This response is still a draft: only a submitted response can be handed to a reviewer."),
}

ATTACHMENT_REFUSALS = {
    "type": _l("This type of file is not accepted. Attach PDF, images (PNG, JPEG, GIF, WebP) or office documents."),
    "content": _l("The file's content does not match its type. Save it again as PDF, image or office document."),
    "size": _l("The file is too large (limit: %(mb)s MB)."),
    "empty": _l("The file is empty."),
    "count": _l("You have attached the maximum number of files (%(n)s)."),
    "archive": _l("This office file could not be checked: it holds too many parts or expands to far more than its "
                  "size. Save it again from your office program, or attach it as PDF."),
}


def notice_text(notice: Notice, reviews: int) -> str:
    return str(NOTICES[notice]) % {"n": reviews} if notice is Notice.POOL_TOO_SMALL else str(NOTICES[notice])
