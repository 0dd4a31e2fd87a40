"""What platforms read from the tool: its JWKS, the Canvas developer-key JSON, Dynamic Registration, and the
set-up page listing the values an LMS administrator copies."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask_babel import gettext as _

from ..services import keys
from ..services.dynamic_registration import SCOPES, RegistrationError, ToolUrls, register_with_platform
from .urls import base_url, tool_url

bp = Blueprint("registration", __name__)
log = logging.getLogger("lti_tool.registration")
DESCRIPTION = ("Case studies, peer exercises and assessments from the Field School of Producer Development: "
               "producer organisations learning from each other's excellent experiences.")


def tool_urls() -> ToolUrls:
    return ToolUrls(base=base_url(), login=tool_url("launch.login"), launch=tool_url("launch.launch"),
                    jwks=tool_url("registration.jwks"), logo="")


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
    """Dynamic Registration initiation: the platform opens this URL with openid_configuration and
    registration_token; the tool registers itself and tells the platform's window it is done."""
    if not current_app.config["DYNAMIC_REGISTRATION"]:
        abort(403, _("Dynamic Registration is switched off on this tool; register the platform manually."))
    config_url = request.args.get("openid_configuration", "")
    if not config_url.startswith(("https://", "http://")):
        abort(400, _("The platform did not say where its OpenID configuration is (openid_configuration)."))
    try:
        platform = register_with_platform(config_url, request.args.get("registration_token"), tool_urls(),
                                          current_app.config["TOOL_TITLE"], DESCRIPTION)
    except RegistrationError as exc:
        log.warning("Dynamic Registration from %s failed: %s", config_url, exc)
        return render_template("registered.html", error=str(exc)), 400
    log.info("Dynamic Registration: %s (client %s) registered", platform.issuer, platform.client_id)
    return render_template("registered.html", platform=platform, error=None)


@bp.get("/lti/setup")
def setup():
    """The values an LMS administrator copies into the platform when registering the tool by hand."""
    urls = tool_urls()
    return render_template("setup.html", urls=urls, register_url=tool_url("registration.register"),
                           canvas_url=tool_url("registration.canvas"), scopes=SCOPES)
