"""Django settings for running the xblock-sdk workbench (and the block tests) with the Field School blocks.

The workbench's own settings plus the peer-store app. Environment variables:
``FIELDSCHOOL_WORKBENCH_DB`` (SQLite file, default ``var/workbench.db``), ``FIELDSCHOOL_CURRICULUM`` (a curriculum
folder other than the shipped one), ``FIELDSCHOOL_WORKBENCH_STAFF`` (comma-separated learner ids with staff rights,
default ``staff``).
"""

import os

from workbench.settings import *  # noqa: F403  (the workbench's settings are the base)
from workbench.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "xblocks.peer_store"]
# The browser's language (Accept-Language) picks the interface and curriculum language, as a user's does in the LMS.
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.locale.LocaleMiddleware",
              *(m for m in MIDDLEWARE if m != "django.contrib.sessions.middleware.SessionMiddleware")]

if "WORKBENCH_DATABASES" not in os.environ:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("FIELDSCHOOL_WORKBENCH_DB", "var/workbench.db"),
            # Wait for the write lock instead of failing when several learners act at once.
            "OPTIONS": {"timeout": 30},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
FIELDSCHOOL_WORKBENCH_STAFF = [s for s in os.environ.get("FIELDSCHOOL_WORKBENCH_STAFF", "staff").split(",") if s]
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français"), ("pt", "Português")]
# Only the Field School blocks' scenarios on the workbench's front page.
EXCLUDED_XBLOCKS = {
    "allscopes_demo", "attempts_scoreboard_demo", "equality_demo", "filethumbs", "helloworld_demo", "html_demo",
    "problem_demo", "sidebar_demo", "slider_demo", "textinput_demo", "thumbs", "view_counter_demo",
}

# The workbench logs every SQL statement at DEBUG; keep its log file to requests and warnings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"logfile": {"level": "INFO", "class": "logging.handlers.RotatingFileHandler",
                             "filename": "var/workbench.log", "maxBytes": 500000, "backupCount": 2}},
    "loggers": {"django": {"level": "INFO", "handlers": ["logfile"]},
                "django.db.backends": {"level": "WARNING", "handlers": ["logfile"], "propagate": False}},
}
