"""The XBlock test harness, shared by the block tests (tests/xblocks) and the cross-channel parity tests
(tests/parity): Django configured with the workbench and the peer-store app, one test database per run (SQLite
file; PostgreSQL or MariaDB when FIELDSCHOOL_XBLOCKS_TEST_DB=postgres or mariadb), the fixture curriculum, and a real
XBlock runtime (the workbench's) that records what blocks publish. Importing it sets Django up once; the test
database is made by the first suite that asks for it and dropped when the last one is done."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

FIXTURE_COURSE = Path(__file__).parents[1] / "curriculum" / "fixtures" / "good"
_TMP = Path(tempfile.mkdtemp(prefix="fieldschool-xblocks-"))


def _databases() -> dict:
    if os.environ.get("FIELDSCHOOL_XBLOCKS_TEST_DB") == "mariadb":  # Tutor's default database
        # the account .ci/run creates; only databases named fieldschool* are its own
        return {"default": {"ENGINE": "django.db.backends.mysql", "NAME": "fieldschool_xblocks",
                            "USER": os.environ.get("FIELDSCHOOL_TEST_MARIADB_USER", "fieldschool"),
                            "PASSWORD": os.environ.get("FIELDSCHOOL_TEST_MARIADB_PASSWORD", "fieldschool"),
                            "HOST": "127.0.0.1", "PORT": "3306", "OPTIONS": {"charset": "utf8mb4"},
                            "TEST": {"NAME": f"fieldschool_xblocks_test_{os.getpid()}", "CHARSET": "utf8mb4",
                                     "COLLATION": "utf8mb4_unicode_ci"}}}
    if os.environ.get("FIELDSCHOOL_XBLOCKS_TEST_DB") == "postgres":
        return {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "postgres", "USER": "postgres",
                            "HOST": "127.0.0.1", "PORT": "5432",
                            "TEST": {"NAME": f"fieldschool_xblocks_test_{os.getpid()}"}}}
    path = str(_TMP / "test.db")
    return {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path, "OPTIONS": {"timeout": 30},
                        "TEST": {"NAME": path}}}


os.environ["DJANGO_SETTINGS_MODULE"] = "xblocks.workbench_settings"
os.environ["WORKBENCH_DATABASES"] = json.dumps(_databases())
os.environ["FIELDSCHOOL_CURRICULUM"] = str(FIXTURE_COURSE)
os.environ.setdefault("FIELDSCHOOL_WORKBENCH_STAFF", "staff")
# Playwright's sync API (ours, or another suite's session-wide browser) keeps an asyncio loop in the main thread;
# Django then refuses plain synchronous ORM calls made from that thread. These tests are synchronous throughout.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.makedirs("var", exist_ok=True)  # the workbench logs to var/workbench.log

import django  # noqa: E402

django.setup()

from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from webob import Request  # noqa: E402
from workbench.runtime import WorkbenchRuntime  # noqa: E402

_database: dict = {"users": 0, "old": None}


def open_database() -> None:
    """Create the test database (migrations included) for the first suite that asks; count the others."""
    if _database["users"] == 0:
        _database["old"] = setup_databases(verbosity=0, interactive=False)
        from django.db import connection

        wanted = {"postgres": "postgresql", "mariadb": "mysql"}.get(
            os.environ.get("FIELDSCHOOL_XBLOCKS_TEST_DB", ""), "sqlite")
        assert connection.vendor == wanted, f"peer data should be on {wanted}, not {connection.vendor}"
    _database["users"] += 1


def close_database() -> None:
    """Drop the test database when the last suite using it is done."""
    _database["users"] -= 1
    if _database["users"] == 0:
        teardown_databases(_database["old"], verbosity=0)


def clean_tables() -> None:
    """Empty the peer store and the blocks' user state (between tests)."""
    from workbench.models import XBlockState

    from xblocks.peer_store import models

    for model in (models.CapacityProfile, models.GradeOverride, models.PeerReview, models.ReviewAssignment,
                  models.PeerSubmission, models.PeerPool, XBlockState):
        model.objects.all().delete()


class RecordingRuntime(WorkbenchRuntime):
    """The workbench runtime for one learner, keeping the events blocks publish, and giving blocks the due date
    the LMS would (the workbench otherwise stamps a naive "now")."""

    def __init__(self, user_id: str = "student_1", due=None, inherited: dict | None = None, mixins=()):
        super().__init__(user_id)
        self.events: list[tuple[str, dict]] = []
        self.due = due
        self.inherited = inherited or {}
        if mixins:  # as edx-platform mixes its inheritance fields into every block class
            from xblock.runtime import Mixologist

            self.mixologist = Mixologist(mixins)

    def publish(self, block, event_type, event_data):
        self.events.append((event_type, event_data))
        super().publish(block, event_type, event_data)

    def _patch_xblock(self, block):
        super()._patch_xblock(block)
        block.due = self.due
        for name, value in self.inherited.items():  # what edx-platform's inheritance gives every block
            setattr(block, name, value)

    def of(self, kind: str) -> list[dict]:
        return [data for event_type, data in self.events if event_type == kind]


class Learner:
    """One learner in front of one block: calls handlers through the runtime, renders views."""

    def __init__(self, usage_id: str, user_id: str, due=None, inherited: dict | None = None, mixins=()):
        self.runtime = RecordingRuntime(user_id, due, inherited, mixins)
        self.usage_id = usage_id

    @property
    def block(self):
        return self.runtime.get_block(self.usage_id)

    def call(self, handler: str, data=None, raw: bytes | None = None, method: str = "POST"):
        body = raw if raw is not None else json.dumps(data if data is not None else {}).encode()
        request = Request.blank("/", method=method, body=body, content_type="application/json")
        response = self.block.handle(handler, request)
        return response.status_code, json.loads(response.body or b"null")

    def render(self, view: str = "student_view") -> str:
        block = self.block
        return block.runtime.render(block, view).body_html()


