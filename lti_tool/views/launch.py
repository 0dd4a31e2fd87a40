"""OIDC login initiation (/lti/login) and the launch (/lti/launch): resource links and deep-linking requests.

A launch whose state the browser kept in a cookie completes at once. One whose state went to the platform's
postMessage storage frame first answers with a page that reads the state back from that frame, which then confirms
the launch at /lti/launch/storage (see :mod:`lti_tool.lti.platform_storage`)."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, redirect, render_template, request, url_for

from curriculum.languages import supported_language

from ..extensions import csrf
from ..grades.lineitems import bind_line_item
from ..kvstore import shared_store
from ..lti import platform_storage
from ..lti.errors import LaunchError
from ..lti.flask_lti import ToolMessageLaunch, make_launch, make_login
from ..ops.metrics import count_launch
from ..services import launch_context
from ..services.provisioning import CLAIM, DL_MESSAGE, provision
from ..services.urls import is_tool_target, item_in_target, tool_bases, tool_url

bp = Blueprint("launch", __name__)


@bp.route("/lti/login", methods=["GET", "POST"])
@csrf.exempt
def login():
    """Third-party initiated login: check the platform, then send the browser to its OIDC authorisation endpoint."""
    target = request.values.get("target_link_uri", "")
    if not is_tool_target(target):
        raise LaunchError("target", f"target_link_uri {target!r} is not under {' or '.join(tool_bases())}")
    return make_login().redirect(tool_url("launch.launch"))


@bp.route("/lti/launch", methods=["POST"])
@csrf.exempt
def launch():
    """Validate the id_token (pylti1p3 + single-use nonce and state), provision, and open the right page."""
    message_launch = make_launch()
    state = request.form.get("state")
    # A state kept in a cookie needs no look at the storage frame's records (nor a round trip to the store).
    pending = None if message_launch.state_in_cookie() else platform_storage.pending_login(state)
    if pending:
        body = message_launch.validate_all_but_state().jwt_body()
        return render_template("launch_check.html", storage=dict(pending, state=state, nonce=body.get("nonce")),
                               id_token=request.form.get("id_token", ""),
                               confirm_url=url_for("launch.confirm_from_storage"))
    return _open(message_launch)


@bp.post("/lti/launch/storage")
@csrf.exempt  # a same-origin script with a custom header only (checked), holding the id_token
def confirm_from_storage():
    """The launch page read the state and nonce back from the platform's storage frame: finish the launch."""
    message_launch = make_launch().prefetch()
    body = message_launch.validate_all_but_state().jwt_body()
    state = request.form.get("state")
    platform_storage.check_storage_state(state, body.get("nonce"), request.form.get("stored_state"),
                                         request.form.get("stored_nonce"))
    response = _open(message_launch.state_checked_by_storage(state))
    return jsonify({"location": response.location})


def _open(message_launch: ToolMessageLaunch):
    # The launch's writes to the store (its launch data, its context) go in one round trip once it succeeded;
    # the nonce and state are consumed at once, during validation.
    with shared_store().deferred_writes():
        return _validate_and_open(message_launch)


def _validate_and_open(message_launch: ToolMessageLaunch):
    body = message_launch.get_launch_data()  # validates; raises LaunchError with a reason on any failure
    target = body.get(CLAIM + "target_link_uri")
    if not is_tool_target(target):
        raise LaunchError("target", f"the launch targets {target!r}, not this tool ({' or '.join(tool_bases())})")
    presentation = body.get(CLAIM + "launch_presentation") or {}
    language = supported_language(presentation.get("locale"), current_app.config["LANGUAGES"])
    ctx = provision(message_launch.get_launch_id(), body, language, target_item=item_in_target(target))
    if ctx.item_in_target:
        bind_line_item(ctx)  # a link imported from a cartridge gets a gradebook column, as deep-linked ones do
    launch_context.remember(ctx)  # the pages' links now carry the launch token
    if current_app.config.get("METRICS"):
        count_launch("ok", ctx.platform_id)
    if language:
        g.lang = language
    if ctx.message_type == DL_MESSAGE:
        return redirect(url_for("deep_linking.picker", launch_id=ctx.launch_id), code=303)
    return redirect(url_for("activity.show", launch_id=ctx.launch_id), code=303)
