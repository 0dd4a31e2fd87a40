"""The shape of a launch's claims, checked once, right after the signature: everything the tool later reads from an
id_token (ids, names, roles, course, link, custom parameters, presentation, service endpoints, deep-linking settings)
has the type and size it will be used as. A correctly signed but malformed launch becomes a 400 page naming the
claim and the problem, and a WARNING log line; it never reaches provisioning, and never a traceback."""

from __future__ import annotations

from collections.abc import Callable

import jwt
from flask_babel import gettext as _

from .errors import LaunchError

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
DEEP_LINKING = "LtiDeepLinkingRequest"

MAX_ID = 255  # user, course, link and deployment ids (OIDC's ``sub`` limit; the database columns)
MAX_TEXT = 1000  # names, titles, labels, e-mail, custom values: longer is not a name but an attack
MAX_URL = 2048
MAX_ROLES = 100
MAX_CUSTOM = 100


class MalformedClaim(Exception):
    """``claim`` (a dotted path such as ``context.id``) is not what the tool can use; ``problem`` says why."""

    def __init__(self, claim: str, problem: str) -> None:
        super().__init__(f"{claim}: {problem}")
        self.claim, self.problem = claim, problem


def _text(value: object, claim: str, limit: int, required: bool = False) -> None:
    """Text the database can store: a string, within ``limit`` characters, no NUL, valid Unicode."""
    if value is None:
        if required:
            raise MalformedClaim(claim, _("is missing"))
        return
    if not isinstance(value, str):
        raise MalformedClaim(claim, _("must be text, not %(kind)s", kind=_kind(value)))
    if required and not value.strip():
        raise MalformedClaim(claim, _("must not be empty"))
    if len(value) > limit:
        raise MalformedClaim(claim, _("is %(n)s characters long; at most %(max)s are accepted", n=len(value),
                                      max=limit))
    if "\x00" in value:
        raise MalformedClaim(claim, _("contains a NUL character"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedClaim(claim, _("is not valid Unicode text")) from None


def _kind(value: object) -> str:
    """What a JSON value is, in words."""
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("a number")
    return _("text") if isinstance(value, str) else _("null")


def _object(value: object, claim: str) -> dict:
    if not isinstance(value, dict):
        raise MalformedClaim(claim, _("must be an object, not %(kind)s", kind=_kind(value)))
    return value


def _texts(value: object, claim: str, limit: int, most: int) -> None:
    if not isinstance(value, list):
        raise MalformedClaim(claim, _("must be a list of texts, not %(kind)s", kind=_kind(value)))
    if len(value) > most:
        raise MalformedClaim(claim, _("has %(n)s entries; at most %(max)s are accepted", n=len(value), max=most))
    for index, entry in enumerate(value):
        _text(entry, f"{claim}[{index}]", limit, required=True)


def _optional(body: dict, name: str, check: Callable[[object, str], None], label: str | None = None) -> None:
    if name in body and body[name] is not None:
        check(body[name], label or name)


def _user(body: dict) -> None:
    if "sub" in body:  # a missing sub is pylti1p3's to refuse (reason "claims")
        _text(body["sub"], "sub", MAX_ID, required=True)
    for name in ("name", "given_name", "family_name", "middle_name", "email", "locale"):
        _optional(body, name, lambda v, c: _text(v, c, MAX_TEXT))


def _context(body: dict) -> None:
    if LTI + "context" not in body:
        return
    context = _object(body[LTI + "context"], "context")
    _text(context.get("id"), "context.id", MAX_ID, required=True)
    for name in ("title", "label"):
        _optional(context, name, lambda v, c: _text(v, c, MAX_TEXT), f"context.{name}")
    _optional(context, "type", lambda v, c: _texts(v, c, MAX_URL, 20), "context.type")


def _resource_link(body: dict) -> None:
    if LTI + "resource_link" not in body:
        return
    link = _object(body[LTI + "resource_link"], "resource_link")
    _text(link.get("id"), "resource_link.id", MAX_ID, required=True)
    for name in ("title", "description"):
        _optional(link, name, lambda v, c: _text(v, c, MAX_TEXT * 10), f"resource_link.{name}")


def _custom(body: dict) -> None:
    if LTI + "custom" not in body or body[LTI + "custom"] is None:
        return
    custom = _object(body[LTI + "custom"], "custom")
    if len(custom) > MAX_CUSTOM:
        raise MalformedClaim("custom", _("has %(n)s entries; at most %(max)s are accepted", n=len(custom),
                                         max=MAX_CUSTOM))
    for key, value in custom.items():
        _text(key, "custom", MAX_ID)
        if isinstance(value, bool | int | float) or value is None:
            continue  # some platforms send numbers and flags; the tool reads them as text
        _text(value, f"custom.{key}", MAX_TEXT * 10)


def _presentation(body: dict) -> None:
    if LTI + "launch_presentation" not in body or body[LTI + "launch_presentation"] is None:
        return
    presentation = _object(body[LTI + "launch_presentation"], "launch_presentation")
    for name in ("locale", "document_target"):
        _optional(presentation, name, lambda v, c: _text(v, c, 64), f"launch_presentation.{name}")
    _optional(presentation, "return_url", lambda v, c: _text(v, c, MAX_URL), "launch_presentation.return_url")


def _services(body: dict) -> None:
    if body.get(AGS) is not None:
        ags = _object(body[AGS], "lti-ags endpoint")
        _optional(ags, "scope", lambda v, c: _texts(v, c, MAX_URL, 20), "lti-ags endpoint.scope")
        for name in ("lineitems", "lineitem"):
            _optional(ags, name, lambda v, c: _text(v, c, MAX_URL, required=True), f"lti-ags endpoint.{name}")
    if body.get(NRPS) is not None:
        nrps = _object(body[NRPS], "namesroleservice")
        _text(nrps.get("context_memberships_url"), "namesroleservice.context_memberships_url", MAX_URL,
              required=True)


def _deep_linking(body: dict) -> None:
    if body.get(LTI + "message_type") != DEEP_LINKING:
        return
    if not body.get(DL_SETTINGS):
        raise MalformedClaim("deep_linking_settings", _("is missing"))
    settings = _object(body[DL_SETTINGS], "deep_linking_settings")
    url = settings.get("deep_link_return_url")
    _text(url, "deep_linking_settings.deep_link_return_url", MAX_URL, required=True)
    if not url.startswith(("https://", "http://")):
        raise MalformedClaim("deep_linking_settings.deep_link_return_url", _("must be an http(s) URL"))
    for name in ("accept_types", "accept_presentation_document_targets"):
        _texts(settings.get(name), f"deep_linking_settings.{name}", 255, 20)
    for name in ("data", "title", "text"):
        _optional(settings, name, lambda v, c: _text(v, c, MAX_TEXT * 10), f"deep_linking_settings.{name}")
    if "accept_multiple" in settings and not isinstance(settings["accept_multiple"], bool | str):
        raise MalformedClaim("deep_linking_settings.accept_multiple", _("must be true or false"))


def check_envelope(body: dict) -> None:
    """The claims read before the signature can be checked (which platform, which client, which nonce): the same
    shape rules, so an odd ``iss``, ``aud`` or ``nonce`` is refused as such instead of upsetting the LTI library."""
    _text(body.get("iss"), "iss", MAX_URL, required=True)
    aud = body.get("aud")
    if isinstance(aud, list):
        if not aud:
            raise MalformedClaim("aud", _("must not be empty"))
        _texts(aud, "aud", MAX_ID, 20)
    else:
        _text(aud, "aud", MAX_ID, required=True)
    _optional(body, "azp", lambda v, c: _text(v, c, MAX_ID))
    _text(body.get("nonce"), "nonce", MAX_ID, required=True)


def check_claims(body: dict) -> None:
    """Raise :class:`MalformedClaim` for the first claim the tool could not use as it is."""
    if LTI + "message_type" in body:  # missing: pylti1p3 refuses it (reason "claims")
        _text(body[LTI + "message_type"], "message_type", MAX_ID, required=True)
    _text(body.get(LTI + "deployment_id"), "deployment_id", MAX_ID, required=True)
    if LTI + "roles" in body:
        _texts(body[LTI + "roles"], "roles", MAX_URL, MAX_ROLES)
    _user(body)
    _context(body)
    _resource_link(body)
    _custom(body)
    _presentation(body)
    _services(body)
    _deep_linking(body)


def malformed(exc: MalformedClaim, issuer: object = None) -> LaunchError:
    """The launch failure for a malformed claim: a 400 page that names the claim and what is wrong with it."""
    return LaunchError("malformed", f"claim {exc.claim}: {exc.problem} (iss {issuer!r})",
                       _("The platform sent a launch whose “%(claim)s” %(problem)s. Ask your LMS administrator to "
                         "check how the tool is set up.", claim=exc.claim, problem=exc.problem))


def require_well_formed(body: dict, check: Callable[[dict], None] = check_claims) -> None:
    """``check`` (:func:`check_claims` or :func:`check_envelope`), failing as a :class:`LaunchError` (``malformed``)."""
    try:
        check(body)
    except MalformedClaim as exc:
        raise malformed(exc, body.get("iss")) from exc


def claim_type_error(cause: BaseException | None) -> MalformedClaim | None:
    """PyJWT checks the types of ``sub`` and ``jti`` itself, after the signature: its refusal, as a malformed claim."""
    for name, claim in (("InvalidSubjectError", "sub"), ("InvalidJTIError", "jti")):
        error_type = getattr(jwt.exceptions, name, None)
        if error_type is not None and isinstance(cause, error_type):
            return MalformedClaim(claim, _("must be text"))
    return None
