"""pylti1p3's Flask classes, bound to the tool's configuration and store, with a reason code on every failure.

pylti1p3 2.0.0 checks that a launch's nonce was issued but never consumes it; :class:`ToolMessageLaunch` records
each used nonce and state atomically in the shared store once the launch is otherwise valid, and rejects a second
use. The OIDC state is checked against its cookie (``Partitioned`` where cookies are Secure) or, for platforms that
offer one, against the platform's postMessage storage frame (:mod:`.platform_storage`); the login page tries the
storage frame first, then cookies, and offers a new window last.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from flask import current_app, make_response, render_template, request
from flask_babel import gettext as _
from pylti1p3.contrib.flask import FlaskCookieService, FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import LtiException, OIDCException

from ..kvstore import shared_store
from . import platform_storage
from .claims import check_envelope, claim_type_error, malformed, require_well_formed
from .errors import LaunchError
from .launch_data_storage import StoreLaunchDataStorage
from .outbound import GuardedSession, current_policy
from .tool_conf import DatabaseToolConf

NONCE_PREFIX = "used-nonce:"
REFETCH_SECONDS = 30


def cookies_secure() -> bool:
    """Cookies are SameSite=None; Secure when the tool is served over https (or on localhost, which browsers treat
    as a secure context); plain cookies on http://127.0.0.1 for local trials and tests."""
    return bool(current_app.config.get("COOKIES_SECURE"))


def lti_request() -> FlaskRequest:
    return FlaskRequest(request_is_secure=cookies_secure())


@contextmanager
def reason(code: str) -> Iterator[None]:
    """Turn a pylti1p3 failure inside this block into a LaunchError with ``code``."""
    try:
        yield
    except LaunchError:
        raise
    except (LtiException, OIDCException, AssertionError) as exc:
        cause = exc.__cause__
        if (bad_claim := claim_type_error(cause)) is not None:
            raise malformed(bad_claim) from exc
        if isinstance(cause, jwt.ExpiredSignatureError):
            raise LaunchError("expired", str(exc)) from exc
        if isinstance(cause, jwt.ImmatureSignatureError):
            raise LaunchError("token", str(exc)) from exc
        raise LaunchError(code, str(exc)) from exc


class ToolCookieService(FlaskCookieService):
    """pylti1p3's state cookie, ``Partitioned`` (CHIPS) when Secure: kept per LMS site by browsers that block
    third-party cookies."""

    def update_response(self, response):
        secure = self._request.is_secure()
        for key, data in self._cookie_data_to_set.items():
            response.set_cookie(key, data["value"], max_age=data["exp"], secure=secure, path="/", httponly=True,
                                samesite="None" if secure else None, partitioned=secure)


class ToolOIDCLogin(FlaskOIDCLogin):
    """OIDC login initiation. In an LMS frame the login page first keeps the state in the platform's storage frame
    (when the platform names one), else checks cookies, else offers a new window; the page is the tool's own
    accessible, translated template."""

    def _continue_url(self) -> str:
        names = ["iss", "login_hint", "target_link_uri", "lti_message_hint", "lti_deployment_id", "client_id"]
        params = {"lti1p3_new_window": "1"}
        params.update({n: self._get_request_param(n) for n in names if self._get_request_param(n)})
        base = current_app.config.get("BASE_URL") or request.url_root.rstrip("/")
        return base + request.path + "?" + urlencode(params)

    def redirect(self, launch_url: str, js_redirect: bool = False):
        target = platform_storage.storage_target(self._get_request_param("lti_storage_target"))
        if self._is_new_window_request() or not (target or self._cookies_check):
            return super().redirect(launch_url, js_redirect)
        auth_url, storage = None, None
        if target:
            auth_url = self.get_redirect_object(launch_url).get_redirect_url()  # state cookie set below, too
            query = parse_qs(urlsplit(auth_url).query)
            state, nonce = query["state"][0], query["nonce"][0]
            origin = platform_storage.origin_of(self._registration.get_auth_login_url())
            platform_storage.remember_login(state, nonce, target, origin)
            storage = {"target": target, "origin": origin, "state": state, "nonce": nonce}
        html = render_template("login_check.html", continue_url=self._continue_url(), auth_url=auth_url,
                               storage=storage, secure=self._request.is_secure())
        response = make_response(html)
        self._cookie_service.update_response(response)
        return response

    def validate_oidc_login(self):
        with reason("login"):
            if not self._get_request_param("iss") or not self._get_request_param("login_hint"):
                raise OIDCException("Missing iss or login_hint")
        with reason("platform"):
            return super().validate_oidc_login()


class ToolMessageLaunch(FlaskMessageLaunch):
    """A message launch whose validation steps each fail with their own reason, and whose nonce and state are
    single-use."""

    _state_from_storage: str | None = None

    def state_checked_by_storage(self, state: str) -> ToolMessageLaunch:
        """The launch page read this state back from the platform's storage frame (checked by the caller)."""
        self._state_from_storage = state
        return self

    def state_in_cookie(self) -> bool:
        state = self._get_request_param("state")
        return bool(state) and self._cookie_service.get_cookie(state) == state

    _store_checks_at_save = False  # set while validate() runs: it ends by saving, which checks the store

    def validate(self):
        """pylti1p3's checks, in its order, except that the two answered by the shared store (the state not used
        yet, the nonce issued at login) are made where the launch is saved, atomically with consuming both: one
        round trip to the store for all four. The outcome is the same; only a token that fails another check too
        is refused for that other reason first."""
        self._store_checks_at_save = True
        try:
            return super().validate()
        finally:
            self._store_checks_at_save = False

    def validate_state(self):
        state = self._get_request_param("state")
        if not state:
            raise LaunchError("state", "the launch has no state")
        if not self._store_checks_at_save and platform_storage.state_used(state):
            raise LaunchError("replay", f"state {state!r} was already used")
        if self._state_from_storage == state or self.state_in_cookie():
            return self
        if self._store_checks_at_save and platform_storage.state_used(state):  # a replay from another browser
            raise LaunchError("replay", f"state {state!r} was already used")
        if self._request.is_secure() and not request.cookies:
            raise LaunchError("cookies", f"no cookie came with the launch for state {state!r}")
        raise LaunchError("state", f"state {state!r} matches no cookie of this browser")

    def validate_all_but_state(self) -> ToolMessageLaunch:
        """Every check of the id_token except the state, consuming nothing (before the storage-frame check)."""
        self._validated = True
        try:
            return (self.validate_jwt_format().validate_nonce().validate_registration().validate_jwt_signature()
                    .validate_deployment().validate_message())
        finally:
            self._validated = False

    def jwt_body(self) -> dict:
        """The id_token's claims as read by :meth:`validate_all_but_state` (no further validation)."""
        return self._jwt.get("body") or {}

    def validate_jwt_format(self):
        with reason("token"):
            result = super().validate_jwt_format()
        require_well_formed(self._get_jwt_body(), check_envelope)
        return result

    def validate_nonce(self):
        with reason("nonce"):
            if not self._store_checks_at_save:
                return super().validate_nonce()
            if not self._get_jwt_body().get("nonce"):
                raise LtiException('"nonce" is empty')
            return self  # whether the tool issued it is checked when the launch is saved

    def _issued_nonce_key(self, nonce: str) -> str:
        """The store key under which pylti1p3 kept a nonce it issued at login."""
        return self._session_service.data_storage._prepare_key(self._session_service._get_key("nonce", nonce))

    def validate_registration(self):
        with reason("platform"):
            return super().validate_registration()

    def validate_jwt_signature(self):
        with reason("signature"):
            body = self._get_jwt_body()
            aud = body.get("aud")
            if isinstance(aud, list) and len(aud) > 1 and body.get("azp") != self.get_client_id():
                raise LtiException("azp must name the client id when there are several audiences")
            result = super().validate_jwt_signature()
        # Signed by the platform, so worth reading: check every claim's shape before anything else uses them.
        require_well_formed(self._get_jwt_body())
        return result

    def get_public_key(self):
        try:
            return super().get_public_key()
        except LtiException as exc:
            # The platform may have rotated its keys since we cached its key set: fetch it once more (at most once
            # every REFETCH_SECONDS per key set, so made-up kids cannot turn the tool against the platform).
            url = self._registration.get_key_set_url() if self._registration else None
            if "Unable to find public key" not in str(exc) or not url or self._public_key_cache_data_storage is None:
                raise
            digest = hashlib.md5(url.encode("utf-8")).hexdigest()
            if not shared_store().add(f"key-set-refetch:{digest}", 1, REFETCH_SECONDS):
                raise
            self._public_key_cache_data_storage.delete_value("key-set-url-" + digest)
            self._registration.set_key_set(None)
            return super().get_public_key()

    def validate_deployment(self):
        with reason("deployment"):
            return super().validate_deployment()

    def validate_message(self):
        with reason("claims"):
            return super().validate_message()

    def prefetch(self) -> ToolMessageLaunch:
        """Read what checking the state through the platform's storage frame asks the store for (the state's login
        record, the nonce issued at login) in one round trip. Reads only: a malformed id_token is left for
        validation to refuse."""
        state = self._get_request_param("state")
        keys = [platform_storage.pending_key(state)] if state else []
        try:  # the claims as pylti1p3 reads them before checking the signature (PyJWT's decode costs more)
            nonce = json.loads(self.urlsafe_b64decode(self._get_request_param("id_token").split(".")[1])).get("nonce")
        except (IndexError, TypeError, ValueError, AttributeError):
            nonce = None
        if isinstance(nonce, str) and nonce:
            keys.append(self._issued_nonce_key(nonce))
        shared_store().prefetch(keys)
        return self

    def save_launch_data(self):
        """Check that the nonce was issued at login and that neither the state nor the nonce was used, and mark
        both used, in one atomic step of the store (all or nothing, so several workers racing with the same
        id_token cannot both pass); then save the launch data (held until the launch is done when the caller
        defers the store's writes)."""
        body = self._get_jwt_body()
        ttl = max(int(current_app.config["NONCE_TTL"]), int(body.get("exp", 0)) - int(time.time()) + 60)
        used_nonce = f"{NONCE_PREFIX}{body.get('iss')}:{body.get('nonce')}"
        state = self._get_request_param("state")
        used_state = platform_storage.used_state_entry(state)
        issued = self._issued_nonce_key(str(body.get("nonce")))
        stopped = shared_store().add_all([used_state, (used_nonce, int(time.time()), ttl)],
                                         delete=[platform_storage.pending_key(state)], require=[issued])
        if stopped == issued:
            raise LaunchError("nonce", "Invalid Nonce")
        if stopped == used_state[0]:
            raise LaunchError("replay", f"state {state!r} was already used")
        if stopped == used_nonce:
            raise LaunchError("replay", f"nonce {body.get('nonce')!r} from {body.get('iss')} was already used")
        return super().save_launch_data()


def guarded_session() -> GuardedSession:
    """The HTTP session pylti1p3 fetches platform key sets with: the tool's outbound rules apply to them too."""
    return GuardedSession(current_policy())


class _SessionWhenUsed:
    """Stands for :func:`guarded_session` until something uses it: most launches fetch nothing (the platform's keys
    are cached), and building a requests session costs more than the rest of the launch's setup."""

    def __init__(self) -> None:
        self._policy = current_policy()  # read now, inside the request
        self._session: GuardedSession | None = None

    def __getattr__(self, name: str):
        if self._session is None:
            self._session = GuardedSession(self._policy)
        return getattr(self._session, name)


def _storage() -> StoreLaunchDataStorage:
    return StoreLaunchDataStorage(shared_store())


def make_login() -> ToolOIDCLogin:
    req = lti_request()
    login = ToolOIDCLogin(req, DatabaseToolConf(), cookie_service=ToolCookieService(req))
    login.set_launch_data_storage(_storage())
    login.set_launch_data_lifetime(int(current_app.config["LAUNCH_DATA_TTL"]))
    if current_app.config["LTI_COOKIE_CHECK"]:
        login.enable_check_cookies(main_msg=_("Your browser blocks cookies inside the course page."),
                                   click_msg=_("Open the activity in a new window"),
                                   loading_msg=_("Loading…"))
    return login


def make_launch() -> ToolMessageLaunch:
    req = lti_request()
    launch = ToolMessageLaunch(req, DatabaseToolConf(), cookie_service=ToolCookieService(req),
                               launch_data_storage=_storage(), requests_session=_SessionWhenUsed())
    launch.set_launch_data_lifetime(int(current_app.config["LAUNCH_DATA_TTL"]))
    launch.set_public_key_caching(_storage(), int(current_app.config["PLATFORM_JWKS_TTL"]))
    return launch


def restore_launch(launch_id: str) -> ToolMessageLaunch:
    """A validated launch, from the store (for deep-linking responses and, later, grade and roster services)."""
    req = lti_request()
    with reason("session"):
        return ToolMessageLaunch.from_cache(launch_id, req, DatabaseToolConf(), cookie_service=ToolCookieService(req),
                                            launch_data_storage=_storage(), requests_session=_SessionWhenUsed())
