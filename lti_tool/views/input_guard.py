"""One check at the door for every request: text that cannot be stored (a NUL byte in a form value, a query value
or an uploaded file's name) is refused with a 400 page before any view or database sees it."""

from __future__ import annotations

import logging

from flask import Flask, abort, request
from flask_babel import gettext as _

log = logging.getLogger("lti_tool.input")
NUL = "\x00"


def _offending_field() -> str | None:
    """The name of the first field whose value (or file name) holds a NUL byte, or None."""
    for name, value in request.args.items(multi=True):
        if NUL in name or NUL in value:
            return name
    if request.method in ("POST", "PUT", "PATCH"):
        for name, value in request.form.items(multi=True):
            if NUL in name or NUL in value:
                return name
        for name, upload in request.files.items(multi=True):
            if NUL in name or NUL in (upload.filename or ""):
                return name
    return None


def refuse_nul_bytes() -> None:
    field = _offending_field()
    if field is not None:
        log.warning("Request refused: NUL byte in field %r of %s %s", field.replace(NUL, "\\0"), request.method,
                    request.path)
        abort(400, description=_("The text you sent contains an invisible NUL character (\\0) that cannot be "
                                 "stored. Remove it (it often comes from copying out of another program) and "
                                 "try again."))


def install(app: Flask) -> None:
    """Run the check before every view (CSRF protection runs first; both only read the request)."""
    app.before_request(refuse_nul_bytes)
