"""Configuration defaults for the LTI tool; the instance folder and ``FIELDSCHOOL_*`` variables override them."""

from __future__ import annotations

from curriculum.terms import LANGUAGES

DEFAULTS: dict = {
    # Database: a SQLite file in the instance folder unless FIELDSCHOOL_DATABASE_URL says otherwise.
    "DATABASE_URL": None,
    # Shared store for launch data, nonces and caches; in-process when unset (one process only).
    "REDIS_URL": None,
    "REDIS_PREFIX": "fieldschool:",
    # The tool's public URL (what an LMS reaches); derived from the request when unset.
    "BASE_URL": None,
    # Base URLs the tool had before (comma-separated in FIELDSCHOOL_PREVIOUS_BASE_URLS): launches targeting them
    # are still accepted, so moving the tool does not break links already placed in courses.
    "PREVIOUS_BASE_URLS": (),
    "SECRET_KEY": None,
    # Demo mode: a local demo platform and demo course on the home page. Off unless asked for.
    "DEMO_MODE": False,
    # LTI Dynamic Registration: on, but only with a one-time invitation (``fieldschool platform invite``) unless
    # OPEN_REGISTRATION is true (or in demo mode): open registration is unsafe outside a closed network.
    "DYNAMIC_REGISTRATION": True,
    "OPEN_REGISTRATION": False,
    # Outbound requests made on a request's behalf (OpenID configuration, registration endpoint, platform key sets):
    # hosts allowed to resolve to private/loopback addresses (comma-separated names), whether plain http is
    # accepted (None: only in demo mode or debug), and the size (bytes) and time (seconds) limits.
    "ALLOWED_PRIVATE_HOSTS": "",
    "OUTBOUND_HTTP_ALLOWED": None,
    "OUTBOUND_MAX_BYTES": 1_000_000,
    "OUTBOUND_TIMEOUT": 10,
    # Behind a TLS-terminating reverse proxy: how many proxies in front of the tool set X-Forwarded-* (0: none, the
    # headers are ignored).
    "TRUSTED_PROXIES": 0,
    # How long launch data stays usable after a launch, and how long used nonces are remembered (seconds).
    "LAUNCH_DATA_TTL": 8 * 3600,
    "NONCE_TTL": 3600,
    # How long the signed launch token in a page stays valid (seconds); every page and autosave renews it.
    "LAUNCH_TOKEN_TTL": 2 * 3600,
    # How long a login's OIDC state waits for its launch when it is kept in the platform's postMessage storage.
    "LOGIN_STATE_TTL": 600,
    # How long a platform's public key set is cached (seconds).
    "PLATFORM_JWKS_TTL": 600,
    # After a key rotation the previous key stays in the JWKS this long (days).
    "KEY_GRACE_DAYS": 7,
    # The login page checks (postMessage storage, then cookies) before the OIDC redirect; the last resort is a new
    # window.
    "LTI_COOKIE_CHECK": True,
    "TOOL_TITLE": "Field School of Producer Development",
    "CURRICULUM_PATH": None,
    "LANGUAGES": LANGUAGES,  # the interface languages every channel ships (curriculum/terms.py)
    # Peer exercises: attachment limits (each file, and files per submission).
    "PEER_MAX_ATTACHMENT_BYTES": 10 * 1024 * 1024,
    "PEER_MAX_ATTACHMENTS": 5,
    # Inspecting uploaded office archives: members, total declared uncompressed size, compression ratio of a member.
    "PEER_ARCHIVE_MAX_MEMBERS": 2000,
    "PEER_ARCHIVE_MAX_UNCOMPRESSED_BYTES": 200 * 1024 * 1024,
    "PEER_ARCHIVE_MAX_RATIO": 200,
    "MAX_CONTENT_LENGTH": 60 * 1024 * 1024,
    # Markdown learners write (peer responses): the most characters one text may have, and how many server
    # previews one learner may ask for per minute (counted in the shared store, so across every worker).
    "LEARNER_MARKDOWN_MAX_CHARS": 50_000,
    "PREVIEWS_PER_MINUTE": 30,
    # Experience library: LTI context ids whose instructors are library editors (comma-separated in the environment);
    # files per experience (each file has the peer attachments' size limit and content checks).
    "LIBRARY_EDITORIAL_CONTEXTS": (),
    "LIBRARY_MAX_ATTACHMENTS": 5,
    # Full-text search of the public library: "auto" (PostgreSQL's text search on PostgreSQL, else SQLite FTS5),
    # "postgresql" or "fts5".
    "LIBRARY_SEARCH": "auto",
    # Peer exercises whose learners may send their systematisation to the library and the Cup (pre-filled draft).
    "LIBRARY_SYSTEMATISATION_ITEMS": ("capstone.exercise",),
    # Grade passback (lti_tool/grades): a background drainer thread per process (None: on unless TESTING), how
    # often it looks for due scores, exponential back-off between failed deliveries, when to give up, how long a
    # drainer holds a claimed score, and the HTTP timeout towards the platform (seconds).
    "GRADE_DRAINER": None,
    "GRADE_POLL_SECONDS": 15,
    "GRADE_BACKOFF_BASE": 30,
    "GRADE_BACKOFF_MAX": 3600,
    "GRADE_MAX_ATTEMPTS": 25,
    "GRADE_CLAIM_SECONDS": 120,
    "GRADE_BATCH": 20,
    "GRADE_SENDERS": 4,  # score posts in flight at once per drainer
    "GRADE_HTTP_TIMEOUT": 20,
    # How long a course roster read through NRPS is cached (seconds).
    "NRPS_CACHE_SECONDS": 300,
    # Operations (lti_tool/ops): Prometheus metrics at /metrics (off unless asked for; optional bearer token), the
    # log format ("text" or "json": one JSON object per line) and level, and how long delivered scores are kept
    # before ``fieldschool cleanup`` removes them (days).
    "METRICS": False,
    "METRICS_TOKEN": None,
    "LOG_FORMAT": "text",
    "LOG_LEVEL": "INFO",
    "RETENTION_DAYS": 180,
    "VISITS_YEARLY_TARGET": 3,  # learning visits a year a facilitator's year view counts against
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "WTF_CSRF_TIME_LIMIT": None,
}
