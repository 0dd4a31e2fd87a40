"""What platforms read from the tool: its JWKS, the Canvas developer-key JSON, Dynamic Registration (by
invitation), and the set-up page listing the values an LMS administrator copies."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask_babel import gettext as _

from ..extensions import csrf
from ..lti import keys
from ..lti.outbound import current_policy
from ..services.dynamic_registration import SCOPES, RegistrationError, ToolUrls, register_with_platform
from ..services.invitations import claim_invitation, complete_invitation, release_invitation, valid_invitation
from ..services.urls import base_url, tool_url

bp = Blueprint("registration", __name__)
log = logging.getLogger("lti_tool.registration")
DESCRIPTION = ("Case studies, peer exercises and assessments from the Field School of Producer Development: "
               "producer organisations learning from each other's excellent experiences.")
REGISTRATION_FIELDS = ("invite", "openid_configuration", "registration_token")


def tool_urls() -> ToolUrls:
    return ToolUrls(base=base_url(), login=tool_url("launch.login"), launch=tool_url("launch.launch"),
                    jwks=tool_url("registration.jwks"), logo="")


def registration_open() -> bool:
    """Registration without an invitation: demo mode, or an explicit (closed-network) choice."""
    return bool(current_app.config["DEMO_MODE"] or current_app.config["OPEN_REGISTRATION"])


def failure_message(reason: str) -> str:
    return {
        "unreachable": _("The tool could not read the platform's configuration. The address must be a public https "
                         "address that answers directly (no redirect)."),
        "issuer": _("The platform's issuer does not match the address of its OpenID configuration."),
        "configuration": _("The platform's OpenID configuration is incomplete or points to another site."),
        "refused": _("The platform did not accept the registration (or could not be reached)."),
        "exists": _("This platform is registered with the tool already; an administrator can change it with "
                    "'fieldschool platform update'."),
    }.get(reason, _("The registration could not be completed."))


def _checked_registration_request(values) -> tuple[str, str]:
    """The invitation and OpenID configuration URL of a registration request, or an error page."""
    if not current_app.config["DYNAMIC_REGISTRATION"]:
        abort(403, _("Dynamic Registration is switched off on this tool; register the platform manually."))
    invite = values.get("invite", "")
    if (invite or not registration_open()) and valid_invitation(invite) is None:
        abort(403, _("This registration link is not valid: it was used already, has expired or is missing. Ask "
                     "the tool's administrator for a new invitation (fieldschool platform invite) and paste the "
                     "URL it prints into your LMS."))
    config_url = values.get("openid_configuration", "")
    if not config_url.startswith(("https://", "http://")):
        abort(400, _("The platform did not say where its OpenID configuration is (openid_configuration)."))
    return invite, config_url


@bp.get("/lti/jwks.json")
def jwks():
    response = jsonify(keys.jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/lti/canvas.json")
def canvas():
    """Canvas developer key (LTI key) JSON configuration: paste this URL into 'Enter URL'."""
    urls = tool_urls()
    placements = [
        {"placement": placement, "message_type": "LtiDeepLinkingRequest", "target_link_uri": urls.launch,
         "text": current_app.config["TOOL_TITLE"]}
        for placement in ("link_selection", "assignment_selection")
    ]
    return jsonify({
        "title": current_app.config["TOOL_TITLE"],
        "description": DESCRIPTION,
        "oidc_initiation_url": urls.login,
        "target_link_uri": urls.launch,
        "public_jwk_url": urls.jwks,
        "scopes": list(SCOPES),
        "extensions": [{
            "platform": "canvas.instructure.com",
            "privacy_level": "public",
            "domain": urls.base.split("://", 1)[-1].split("/", 1)[0],
            "settings": {"placements": placements},
        }],
        "custom_fields": {"canvas_course_locale": "$Canvas.course.locale"},
    })


@bp.get("/lti/register")
def register():
    """Dynamic Registration initiation: the platform opens the invitation URL with openid_configuration and
    registration_token appended. Nothing is written here: the page posts the values on (straight away)."""
    _checked_registration_request(request.args)
    fields = {name: request.args.get(name, "") for name in REGISTRATION_FIELDS}
    return render_template("register.html", fields=fields)


@bp.post("/lti/register")
@csrf.exempt  # the invitation is the credential; the page runs in the platform's frame, often without our cookie
def register_complete():
    """Register with the platform, consuming the invitation once the platform has answered and the registration is
    stored; a registration that does not complete gives the invitation back."""
    invite, config_url = _checked_registration_request(request.form)
    invitation_id = claim_invitation(invite) if invite else None
    if invite and invitation_id is None:  # another registration took it a moment ago
        abort(403, _("This registration link is not valid: it was used already, has expired or is missing. Ask "
                     "the tool's administrator for a new invitation (fieldschool platform invite) and paste the "
                     "URL it prints into your LMS."))
    completed = False
    try:
        platform = register_with_platform(config_url, request.form.get("registration_token") or None, tool_urls(),
                                          current_app.config["TOOL_TITLE"], DESCRIPTION, current_policy())
        completed = True
    except RegistrationError as exc:
        log.warning("Dynamic Registration from %s failed (%s): %s", config_url, exc.reason, exc.detail)
        return render_template("registered.html", error=failure_message(exc.reason)), 400
    finally:
        if invitation_id is not None and not completed:
            release_invitation(invitation_id)
    if invitation_id is not None:
        complete_invitation(invitation_id, platform.id)
    log.info("Dynamic Registration: %s (client %s) registered as platform %s", platform.issuer, platform.client_id,
             platform.id)
    return render_template("registered.html", platform=platform, error=None)


@bp.get("/lti/setup")
def setup():
    """The values an LMS administrator copies into the platform when registering the tool by hand."""
    urls = tool_urls()
    return render_template("setup.html", urls=urls, register_url=tool_url("registration.register"),
                           registration_open=registration_open(), canvas_url=tool_url("registration.canvas"),
                           scopes=SCOPES)
