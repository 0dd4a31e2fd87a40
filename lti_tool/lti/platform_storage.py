"""The OIDC state without a cookie: 1EdTech's "OIDC Login with LTI Client Side postMessages" and "LTI postMessage
Storage" drafts, on pylti1p3's primitives.

A platform that offers a storage frame names it in the login request (``lti_storage_target``). The login page then
stores the state and nonce in that frame (``lti.put_data``, keys ``state_<state>`` and ``nonce_<nonce>``) before it
goes to the platform's authorisation endpoint; after the platform posts the id_token back, the launch page reads them
back (``lti.get_data``) and only then asks the server, by a same-origin request, to accept the launch. The server
remembers which states went through the storage frame and accepts each state once. Messages are sent to, and
answers accepted from, the platform's origin only: the origin of its registered OIDC authorisation URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app, request

from ..kvstore import shared_store
from .errors import LaunchError

TARGET = re.compile(r"^(_parent|[A-Za-z0-9_.\-]{1,64})$")
PENDING = "pm-login:"
USED = "pm-used:"
VERIFY_HEADER = "X-Fieldschool-Storage-Verified"


def _store():
    return shared_store()


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of an absolute http(s) URL, else None."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def storage_target(value: str | None) -> str | None:
    """The platform's storage frame name from the login request, when it is a plausible frame name."""
    return value if value and TARGET.match(value) else None


def remember_login(state: str, nonce: str, target: str, platform_origin: str) -> None:
    """This login's state and nonce went to the platform's storage frame; the launch will be checked against it."""
    _store().set(PENDING + state, {"nonce": nonce, "target": target, "origin": platform_origin},
                 int(current_app.config["LOGIN_STATE_TTL"]))


def pending_login(state: str | None) -> dict | None:
    """The login record of a state kept in the platform's storage (None when it was not, or is used or expired)."""
    return _store().get(PENDING + state) if state else None


def _same_origin_request() -> bool:
    tool_origin = origin_of(current_app.config.get("BASE_URL") or request.url_root)
    fetch_site = request.headers.get("Sec-Fetch-Site")
    return (request.headers.get("Origin") == tool_origin and request.headers.get(VERIFY_HEADER) == "1"
            and fetch_site in (None, "same-origin"))


def check_storage_state(state: str | None, nonce: str | None, read_state: str | None,
                        read_nonce: str | None) -> None:
    """Accept a launch's state after the launch page read it back from the platform's storage frame (it is then
    marked used, once, with the launch's nonce: :func:`mark_state_used`).

    The request must come from the tool's own page (a same-origin script with the custom header: another site can
    neither send that header nor read the answer), the values read back must be the state and the id_token's
    nonce, and the state must have gone through the storage frame at login and not have been used."""
    if not _same_origin_request():
        raise LaunchError("state", f"storage verification for {state!r} did not come from the tool's own page")
    record = pending_login(state)
    if record is None:
        raise LaunchError("state", f"state {state!r} was not kept in the platform's storage, or has expired")
    if read_state != state or not nonce or read_nonce != nonce or record.get("nonce") != nonce:
        raise LaunchError("state", f"the platform's storage did not hold state {state!r} and its nonce")


def state_used(state: str) -> bool:
    return _store().get(USED + state) is not None


def used_state_entry(state: str) -> tuple[str, int, int]:
    """The single-use mark of a state, for the store's ``add_all`` (then delete :func:`pending_key`)."""
    return USED + state, 1, int(current_app.config["LOGIN_STATE_TTL"])


def pending_key(state: str) -> str:
    return PENDING + state


def mark_state_used(state: str) -> None:
    """Each state opens one launch, whichever way it was checked (atomic: several workers may race)."""
    if _store().add_all([used_state_entry(state)], delete=[pending_key(state)]) is not None:
        raise LaunchError("replay", f"state {state!r} was already used")
