"""Full LTI 1.3 launches per second and their latency (median, p95) at 32 concurrent clients, against gunicorn
with several workers on PostgreSQL + Redis: the Field School tool side by side with a bare pylti1p3 Flask launch
handler on the same set-up (the floor).

A "full launch" is what a browser does: GET /lti/login (OIDC login initiation) → the platform signs an id_token
with the nonce and state it was given → POST /lti/launch. For the tool, "+ page" also follows the redirect to the
activity page (a rendered case study). The benchmark plays the platform itself (it signs real RS256 id_tokens),
so the figures measure the tool, not a platform.

Each tool figure is printed with the floor measured in the same run and the ratio: launches/s at 32 clients
(tool / floor, higher is better), the median latency of one client alone (tool / floor, lower is better) and
launches/s of login + launch + first page against the floor's launches/s. "Login + launch" has a new learner in
every launch (each creates a user and a membership: the worst case); "returning learners" draws from a class that
has launched before (the usual case in a running course: nothing to write but the launch itself).

Usage: python benchmarks/lti_launch.py [--seconds 15] [--workers 4] [--threads 4] [--clients 32] [--class-size 300]
Needs PostgreSQL and Redis on 127.0.0.1 (as on the development machines and CI).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jwt
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG = os.environ.get("FIELDSCHOOL_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/fieldschool_lti_bench")
REDIS = os.environ.get("FIELDSCHOOL_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
ISSUER = "https://platform.bench.example"
CLIENT_ID = "bench-client"
DEPLOYMENT = "bench-deployment"
LTI = "https://purl.imsglobal.org/spec/lti/claim/"
FIXTURE_COURSE = ROOT / "tests" / "curriculum" / "fixtures" / "good"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def platform_key() -> tuple[str, dict]:
    from lti_tool.devplatform.platform import generate_key, public_jwk

    pem = generate_key()
    return pem, {"keys": [public_jwk(pem)]}


def prepare_tool_database(env: dict, key_set: dict) -> None:
    """Fresh schema via the shipped migration, the bench platform registered, a key made."""
    code = f"""
import json
from flask_migrate import upgrade
from sqlalchemy import text
from lti_tool import create_app
from lti_tool.extensions import db
from lti_tool.lti import keys
from lti_tool.services.platforms import register_platform
app = create_app()
with app.app_context():
    db.drop_all()
    with db.engine.begin() as c:
        c.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(directory=app.extensions["migrate"].directory)
    keys.ensure_key()
    register_platform(issuer={ISSUER!r}, client_id={CLIENT_ID!r}, auth_login_url={ISSUER + '/auth'!r},
                      key_set=json.loads({json.dumps(key_set)!r}), deployment_ids=({DEPLOYMENT!r},))
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


def ensure_database(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = target.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", (target.database,)).fetchone():
            conn.execute(f'CREATE DATABASE "{target.database}"')


def start_gunicorn(app_spec: str, port: int, env: dict, workers: int, threads: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "gunicorn", app_spec, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
           "--threads", str(threads), "--worker-class", "gthread", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{port}/lti/jwks.json", timeout=1)
            return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"gunicorn did not start on {port}")


def one_launch(http: requests.Session, base: str, key_pem: str, kid: str, follow_page: bool,
               user: str | None = None) -> None:
    user = user or "u-" + uuid.uuid4().hex[:8]  # a new learner each launch unless one is named
    login = http.get(base + "/lti/login", params={
        "iss": ISSUER, "login_hint": user, "target_link_uri": base + "/lti/launch", "client_id": CLIENT_ID,
        "lti_deployment_id": DEPLOYMENT}, allow_redirects=False)
    if login.status_code != 302:
        raise RuntimeError(f"login answered {login.status_code}")
    auth = parse_qs(urlparse(login.headers["Location"]).query)
    now = int(time.time())
    claims = {
        "iss": ISSUER, "aud": CLIENT_ID, "sub": user, "iat": now, "exp": now + 300, "nonce": auth["nonce"][0],
        LTI + "message_type": "LtiResourceLinkRequest", LTI + "version": "1.3.0", LTI + "deployment_id": DEPLOYMENT,
        LTI + "target_link_uri": base + "/lti/launch",
        LTI + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
        LTI + "resource_link": {"id": "link-1"}, LTI + "context": {"id": "course-1", "title": "Bench"},
        LTI + "custom": {"fieldschool_item": "sample.case"}, "name": "Bench Learner",
    }
    token = jwt.encode(claims, key_pem, algorithm="RS256", headers={"kid": kid})
    launch = http.post(auth["redirect_uri"][0], data={"id_token": token, "state": auth["state"][0]},
                       allow_redirects=follow_page)
    if launch.status_code not in (200, 303):
        raise RuntimeError(f"launch answered {launch.status_code}: {launch.text[:200]}")


def client_process(base, key_pem, kid, follow_page, threads, seconds, queue, learners: int = 0) -> None:
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key_pem = load_pem_private_key(key_pem.encode(), password=None)  # parse once: PyJWT re-parses PEM text per call
    results: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def run():
        http = requests.Session()
        while time.monotonic() < deadline:
            http.cookies.clear()
            start = time.perf_counter()
            try:
                one_launch(http, base, key_pem, kid, follow_page,
                           f"r-{random.randrange(learners)}" if learners else None)
            except Exception as exc:
                with lock:
                    errors.append(str(exc))
                continue
            with lock:
                results.append(time.perf_counter() - start)

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    queue.put((results, errors[:3], len(errors)))


def measure(label, base, key_pem, kid, follow_page, clients, seconds, learners: int = 0) -> dict:
    """Launches/s and latency; ``learners``: a class of that many returning learners (each launched once before the
    clock starts), else a new learner every launch (the worst case: every launch creates a user)."""
    one_launch(requests.Session(), base, key_pem, kid, follow_page)  # warm-up, and fail fast if broken
    for n in range(learners):
        one_launch(requests.Session(), base, key_pem, kid, False, f"r-{n}")
    processes = min(4, clients)
    queue: mp.Queue = mp.Queue()
    procs = [mp.Process(target=client_process, args=(base, key_pem, kid, follow_page, clients // processes,
                                                       seconds, queue, learners)) for _ in range(processes)]
    started = time.perf_counter()
    for p in procs:
        p.start()
    latencies, samples, errors = [], [], 0
    for _ in procs:
        res, sample, count = queue.get()
        latencies += res
        samples += sample
        errors += count
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    row = {"label": label, "launches": len(latencies), "errors": errors, "per_second": len(latencies) / elapsed,
           "median_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
           "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000 if latencies else float("nan")}
    if samples:
        row["error_sample"] = samples[0]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--class-size", type=int, default=300,
                        help="Returning learners in the 'returning' measurement (a course's class).")
    parser.add_argument("--only", choices=["bare", "tool", "returning", "page"], action="append",
                        help="Run only these measurements (repeatable).")
    args = parser.parse_args()

    ensure_database(PG)
    key_pem, key_set = platform_key()
    kid = key_set["keys"][0]["kid"]
    tool_port, bare_port = free_port(), free_port()
    instance = tempfile.mkdtemp(prefix="fieldschool-bench-")
    tool_env = dict(os.environ, FIELDSCHOOL_DATABASE_URL=PG, FIELDSCHOOL_REDIS_URL=REDIS,
                    FIELDSCHOOL_REDIS_PREFIX=f"fieldschool-bench:{uuid.uuid4().hex}:",
                    FIELDSCHOOL_BASE_URL=f"http://127.0.0.1:{tool_port}", FIELDSCHOOL_SECRET_KEY="bench-secret",
                    FIELDSCHOOL_INSTANCE_PATH=instance, FIELDSCHOOL_LTI_COOKIE_CHECK="false",
                    FIELDSCHOOL_CURRICULUM_PATH=str(FIXTURE_COURSE))
    bare_env = dict(os.environ, BARE_ISSUER=ISSUER, BARE_CLIENT_ID=CLIENT_ID, BARE_DEPLOYMENT_ID=DEPLOYMENT,
                    BARE_AUTH_URL=ISSUER + "/auth", BARE_KEY_SET=json.dumps(key_set), BARE_REDIS_URL=REDIS,
                    BARE_BASE_URL=f"http://127.0.0.1:{bare_port}")
    prepare_tool_database(tool_env, key_set)
    servers = []
    try:
        servers.append(start_gunicorn("lti_tool:create_app()", tool_port, tool_env, args.workers, args.threads))
        bare = start_gunicorn("benchmarks.bare_pylti1p3_app:create_app()", bare_port, bare_env, args.workers,
                              args.threads)
        servers.append(bare)
        plan = [
            ("bare", "bare pylti1p3 handler (floor)", bare_port, False),
            ("tool", "fieldschool tool: login + launch", tool_port, False),
            ("returning", "  the same, returning learners", tool_port, False),
            ("page", "fieldschool tool: login + launch + page", tool_port, True),
        ]
        chosen = [step for step in plan if not args.only or step[0] in args.only]

        def run(key, label, port, page, clients):
            learners = args.class_size if key == "returning" else 0
            return dict(measure(label, f"http://127.0.0.1:{port}", key_pem, kid, page, clients, args.seconds,
                                learners), key=key)

        rows = [run(*step, args.clients) for step in chosen]
        alone = [run(*step, 1) for step in chosen if step[0] != "page"]
    finally:
        for proc in servers:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    print(f"\nLTI launch benchmark: {args.clients} concurrent clients, {args.seconds:.0f} s each, gunicorn "
          f"{args.workers} workers x {args.threads} threads, PostgreSQL + Redis on 127.0.0.1, {os.cpu_count()} CPU(s)")
    _table(f"{args.clients} clients", rows)
    _table("1 client", alone)
    floor = {r["key"]: r for r in rows}.get("bare")
    floor_alone = {r["key"]: r for r in alone}.get("bare")
    if floor:
        print("ratios against the floor measured in this run:")
        for r in rows:
            if r["key"] != "bare":
                print(f"  {r['label']:42} {args.clients} clients: {r['per_second'] / floor['per_second']:.2f}x the "
                      f"floor's launches/s")
        for r in alone:
            if r["key"] != "bare" and floor_alone:
                print(f"  {r['label']:42} 1 client: median {r['median_ms'] / floor_alone['median_ms']:.2f}x the "
                      f"floor's median")


def _table(title: str, rows: list[dict]) -> None:
    print(f"{title:42} {'launches/s':>10} {'median ms':>10} {'p95 ms':>10} {'launches':>9} {'errors':>7}")
    for r in rows:
        print(f"  {r['label']:40} {r['per_second']:>10.1f} {r['median_ms']:>10.1f} {r['p95_ms']:>10.1f} "
              f"{r['launches']:>9} {r['errors']:>7}")
        if r.get("error_sample"):
            print(f"    first error: {r['error_sample']}")


if __name__ == "__main__":
    main()
