"""JSON handlers: parse the body, turn expected errors into a 400/403 with a message a person can read."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from webob import Response
from xblock.core import XBlock

log = logging.getLogger(__name__)


class BadRequest(ValueError):
    """The learner or author sent something we cannot accept; the message says what to do."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


class Forbidden(PermissionError):
    """The current user may not do this (e.g. a learner calling a staff handler)."""


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status, content_type="application/json", charset="utf-8")


def error_response(status: int, message: str, details: list[str] | None = None) -> Response:
    return json_response({"error": message, "details": details or []}, status=status)


def json_endpoint(func: Callable[..., Any]) -> Callable[..., Response]:
    """An XBlock handler taking a JSON object (``func(self, data, suffix)``) and answering JSON."""

    @functools.wraps(func)
    def wrapper(self, request, suffix=""):
        _ = self.gettext
        if request.method != "POST":
            return error_response(405, _("Send this request with POST."))
        try:
            data = json.loads(request.body.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError):
            return error_response(400, _("The request is not valid JSON."))
        if not isinstance(data, dict):
            return error_response(400, _("The request must be a JSON object."))
        try:
            return json_response(func(self, data, suffix))
        except BadRequest as exc:
            return error_response(400, str(exc), exc.details)
        except Forbidden as exc:
            return error_response(403, str(exc) or _("You are not allowed to do this."))

    return XBlock.handler(wrapper)
