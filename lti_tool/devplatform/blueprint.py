"""The platform's HTTP face: a blueprint for a standalone app (tests) or mounted in the tool (demo mode)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Flask, current_app, jsonify, redirect, render_template, request

from ..extensions import csrf
from ..url_rules import LazyUrlsFlask
from .platform import NRPS_SCOPE, DevPlatform, PlatformError

AGS_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
AGS_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
STORAGE_FRAME = "lti_storage_frame"


def platform() -> DevPlatform:
    getter = current_app.extensions["devplatform"]
    return getter() if callable(getter) else getter


def make_blueprint() -> Blueprint:
    bp = Blueprint("devplatform", __name__, template_folder="templates", static_folder="static",
                   static_url_path="/assets")

    @bp.errorhandler(PlatformError)
    def refused(exc: PlatformError):
        return jsonify({"error": str(exc)}), exc.status

    @bp.get("/.well-known/openid-configuration")
    def openid_configuration():
        return jsonify(platform().openid_configuration())

    @bp.get("/jwks.json")
    def jwks():
        platform().record("jwks_fetch")
        return jsonify(platform().jwks())

    @bp.route("/auth", methods=["GET", "POST"])
    @csrf.exempt
    def auth():
        target, fields = platform().authorize(request.values.to_dict())
        return render_template("devplatform/autopost.html", action=target, fields=fields)

    @bp.post("/token")
    @csrf.exempt
    def token():
        return jsonify(platform().issue_token(request.form.to_dict()))

    @bp.post("/register")
    @csrf.exempt
    def register():
        auth = request.headers.get("Authorization", "")
        answer = platform().register_tool(request.get_json(force=True, silent=True) or {},
                                          auth.removeprefix("Bearer ").strip() or None)
        return jsonify(answer)

    @bp.get("/start/<client_id>")
    def start(client_id: str):
        """Begin a launch the way an LMS does: send the browser to the tool's login initiation URL."""
        kwargs = {k: request.args[k] for k in ("user", "message_type", "locale", "lineitem")
                  if k in request.args}
        if "role" in request.args:
            kwargs["roles"] = [f"http://purl.imsglobal.org/vocab/lis/v2/membership#{request.args['role']}"]
        if "item" in request.args:
            kwargs["custom"] = {"fieldschool_item": request.args["item"]}
        if "link" in request.args:
            kwargs["resource_link"] = {"id": request.args["link"], "title": request.args.get("title", "Activity")}
        if request.args.get("storage_target"):
            kwargs["storage_target"] = request.args["storage_target"]
        url, params = platform().launch_request(client_id, **kwargs)
        return redirect(url + "?" + urlencode(params))

    @bp.get("/course/<client_id>")
    def course(client_id: str):
        """An LMS course page showing the tool in an iframe, as Moodle or Canvas do; with a postMessage storage
        frame (as Canvas and Brightspace offer) unless ``storage=0``."""
        from flask import url_for

        args = {k: v for k, v in request.args.items() if k != "storage"}
        storage = request.args.get("storage", "1") != "0"
        if storage:
            args["storage_target"] = STORAGE_FRAME
        src = url_for("devplatform.start", client_id=client_id) + "?" + urlencode(args)
        return render_template("devplatform/course.html", src=src, storage=storage, frame=STORAGE_FRAME,
                               tool_origins=platform().tool_origins())

    @bp.get("/storage-frame")
    def storage_frame():
        """The platform's postMessage storage frame: keeps small values for registered tools, per tool origin."""
        return render_template("devplatform/storage_frame.html", frame=STORAGE_FRAME,
                               tool_origins=platform().tool_origins())

    @bp.post("/deep-link-return")
    @csrf.exempt
    def deep_link_return():
        items = platform().receive_deep_link(request.form.get("JWT", ""))
        return render_template("devplatform/deep_link_received.html", items=items)

    @bp.route("/ags/<context_id>/lineitems", methods=["GET", "POST"])
    @csrf.exempt
    def line_items(context_id: str):
        p = platform()
        p.check_bearer(request.headers.get("Authorization"), AGS_LINEITEM)
        if request.method == "POST":
            return jsonify(p.create_line_item(context_id, request.get_json(force=True) or {})), 201
        items = [li for li in p.line_items.values() if li["context"] == context_id]
        resource_link = request.args.get("resource_link_id")
        if resource_link:
            items = [li for li in items if li.get("resourceLinkId") == resource_link]
        return jsonify(items)

    @bp.get("/ags/<context_id>/lineitems/<item>")
    def line_item(context_id: str, item: str):
        p = platform()
        p.check_bearer(request.headers.get("Authorization"), AGS_LINEITEM)
        found = p.line_items.get(p.url(f"/ags/{context_id}/lineitems/{item}"))
        return (jsonify(found), 200) if found else (jsonify({"error": "not found"}), 404)

    @bp.post("/ags/<context_id>/lineitems/<item>/scores")
    @csrf.exempt
    def scores(context_id: str, item: str):
        p = platform()
        p.check_bearer(request.headers.get("Authorization"), AGS_SCORE)
        p.add_score(p.url(f"/ags/{context_id}/lineitems/{item}"), request.get_json(force=True) or {})
        return "", 204

    @bp.get("/nrps/<context_id>/memberships")
    def memberships(context_id: str):
        p = platform()
        p.check_bearer(request.headers.get("Authorization"), NRPS_SCOPE)
        return jsonify(p.memberships(context_id))

    return bp


def create_platform_app(dev_platform: DevPlatform) -> Flask:
    """A standalone platform app (its issuer is where it is served, e.g. http://127.0.0.1:PORT)."""
    app = LazyUrlsFlask(__name__)
    app.config["SECRET_KEY"] = "devplatform"
    app.config["WTF_CSRF_ENABLED"] = False
    app.extensions["devplatform"] = dev_platform
    app.register_blueprint(make_blueprint())
    return app
