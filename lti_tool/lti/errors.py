"""Launch failures with a reason code, an HTTP status and a message a person can act on."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# reason code -> (HTTP status, what the person sees)
REASONS = {
    "login": (400, _l("The platform's login request was incomplete.")),
    "target": (400, _l("The launch asked for a page that is not part of this tool.")),
    "state": (400, _l("This launch could not be matched to your browser session. Open the activity again from your "
                      "course; if it keeps happening, open it in a new window.")),
    "cookies": (400, _l("Your browser did not keep this tool's cookies inside the course page. Open the activity in "
                        "a new window.")),
    "token": (400, _l("The platform sent a launch message that could not be read.")),
    "nonce": (400, _l("The launch message was not requested by this tool (unknown nonce).")),
    "replay": (409, _l("This launch message has already been used. Open the activity again from your course.")),
    "platform": (403, _l("This platform is not registered with the tool. Ask your LMS administrator to register it.")),
    "signature": (401, _l("The launch message's signature could not be verified.")),
    "expired": (401, _l("The launch message has expired. Open the activity again from your course.")),
    "deployment": (403, _l("This deployment of the tool is not registered. Ask your LMS administrator to add it.")),
    "claims": (400, _l("The launch message is missing required information.")),
    "malformed": (400, _l("The launch message holds information in a form the tool cannot use.")),
    "session": (403, _l("This page belongs to a launch that is not open in this browser. Open the activity again "
                        "from your course.")),
    "forbidden": (403, _l("Only instructors can do this.")),
}


class LaunchError(Exception):
    """A rejected launch or LTI request; ``code`` is a key of :data:`REASONS`, ``detail`` goes to the log, and
    ``explanation`` (when given) replaces the reason's general message with what exactly is wrong."""

    def __init__(self, code: str, detail: str = "", explanation: str | None = None) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.explanation = explanation

    @property
    def status(self) -> int:
        return REASONS[self.code][0]

    @property
    def message(self) -> str:
        return self.explanation or str(REASONS[self.code][1])
