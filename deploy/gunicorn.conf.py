"""Gunicorn settings for the Field School LTI tool in production: ``gunicorn -c deploy/gunicorn.conf.py``.

Override any setting on the command line (``--bind``, ``--workers``…) or through ``GUNICORN_CMD_ARGS``; the tool's
own settings come from ``FIELDSCHOOL_*`` variables (see the README's "Production" section).

- gthread workers: each worker serves ``threads`` requests at once (launches wait on the platform's key set and
  Redis, not on the CPU).
- ``preload_app``: the app is built once in the master, then forked, so a broken configuration fails at start.
- ``post_fork`` starts each worker's grade drainer (one background thread per worker) and gives it fresh database
  connections; the app also starts it on a worker's first request, whichever comes first.
- Prometheus multiprocess mode: every worker writes its counters to files under ``PROMETHEUS_MULTIPROC_DIR`` (a
  fresh temporary folder unless set; emptied when gunicorn starts), ``/metrics`` sums them, ``child_exit`` marks
  dead workers.
"""

import multiprocessing
import os
import tempfile
from pathlib import Path

# Before the app (and so prometheus_client) is imported, which preload_app does right after reading this file: the
# multiprocess mode is chosen at import. Start from empty metric files: an earlier run's counters must not count.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="fieldschool-metrics-"))
_metrics_dir = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
_metrics_dir.mkdir(parents=True, exist_ok=True)
for _stale in _metrics_dir.glob("*.db"):
    _stale.unlink()

wsgi_app = "lti_tool:create_app()"
bind = "127.0.0.1:8000"  # behind the TLS-terminating proxy; --bind 0.0.0.0:8000 to listen on every interface
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "gthread"
threads = 4
timeout = 60  # a worker silent this long is restarted (score posts and roster reads have their own timeouts)
graceful_timeout = 30
keepalive = 5
preload_app = True
accesslog = None  # the tool logs one line per request itself (logger lti_tool.request, JSON with LOG_FORMAT=json)
errorlog = "-"


def post_fork(server, worker):
    """In each new worker: database connections of its own, then its grade drainer."""
    from lti_tool.extensions import db
    from lti_tool.grades import drainer

    app = server.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)  # never share the master's pooled connections across processes
    drainer.start(app)


def child_exit(server, worker):
    """A worker is gone: its live gauges (drainer heartbeat) stop counting."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
