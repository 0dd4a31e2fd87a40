"""The deadline rush: 1,000 learners submitting and asking for reviews within a minute, against gunicorn with
several workers on PostgreSQL + Redis. Reports throughput, median and p95 latency, errors, and checks the
invariants in the database afterwards (one submission per learner, versions contiguous, no self-review, no pair
twice, at most one active lease per learner, one review per completed lease, fewest reviews first: replayed in
allocation order, no lease went to a submission with more reviews done or in flight than another response the
reviewer could have been given, among those submitted well before, ``VISIBLE_AFTER`` seconds, the request).

Each learner first launches (not timed: that is the launch benchmark's job), then within the rush window:
submits their response (POST), asks for a review (POST → lease), opens it (GET), and submits the review (POST).
Arrivals are spread evenly over the window. Loopback only.

Usage: python benchmarks/peer_rush.py [--learners 1000] [--window 60] [--workers 4] [--threads 4] [--processes 4]
Needs PostgreSQL and Redis on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jwt
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.lti_launch import (  # noqa: E402
    CLIENT_ID,
    DEPLOYMENT,
    FIXTURE_COURSE,
    ISSUER,
    LTI,
    REDIS,
    ensure_database,
    free_port,
    platform_key,
    prepare_tool_database,
    start_gunicorn,
)

PG = os.environ.get("FIELDSCHOOL_BENCH_PEER_DATABASE_URL",
                    "postgresql://postgres@127.0.0.1:5432/fieldschool_peer_bench")
VISIBLE_AFTER = 5.0  # a response submitted this long before a review request was surely in its pool
LEVELS = {"level-evidence": "2", "level-clarity": "1", "overall": "Useful and clear."}


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.csrf = None
        self.review_action = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "csrf_token":
            self.csrf = a.get("value")
        if tag == "form" and "/review/" in (a.get("action") or ""):
            self.review_action = a["action"]


def forms(html: str) -> _Forms:
    parser = _Forms()
    parser.feed(html)
    return parser


def launch(base: str, key_pem, kid: str, user: str) -> tuple[requests.Session, str, str]:
    """A learner's launch into the peer exercise: (their HTTP session, launch id, CSRF token)."""
    http = requests.Session()
    login = http.get(base + "/lti/login", params={
        "iss": ISSUER, "login_hint": user, "target_link_uri": base + "/lti/launch", "client_id": CLIENT_ID,
        "lti_deployment_id": DEPLOYMENT}, allow_redirects=False)
    auth = parse_qs(urlparse(login.headers["Location"]).query)
    now = int(time.time())
    claims = {
        "iss": ISSUER, "aud": CLIENT_ID, "sub": user, "iat": now, "exp": now + 300, "nonce": auth["nonce"][0],
        LTI + "message_type": "LtiResourceLinkRequest", LTI + "version": "1.3.0", LTI + "deployment_id": DEPLOYMENT,
        LTI + "target_link_uri": base + "/lti/launch",
        LTI + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
        LTI + "resource_link": {"id": "rush-link"}, LTI + "context": {"id": "rush-course", "title": "Rush"},
        LTI + "custom": {"fieldschool_item": "sample.exercise"}, "name": f"Learner {user}",
    }
    token = jwt.encode(claims, key_pem, algorithm="RS256", headers={"kid": kid})
    page = http.post(auth["redirect_uri"][0], data={"id_token": token, "state": auth["state"][0]})
    match = re.search(r"/lti/peer/([^/]+)/", page.url)
    if page.status_code != 200 or not match:
        raise RuntimeError(f"launch of {user} failed: {page.status_code} {page.url}")
    return http, match.group(1), forms(page.text).csrf


def client(base, key_pem_text, kid, users, window, start, queue) -> None:
    """One client process: launch its learners, say ready, wait for the common start, then rush."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key_pem = load_pem_private_key(key_pem_text.encode(), password=None)
    sessions = []
    for user in users:  # launches before the rush (not timed)
        for attempt in range(3):
            try:
                sessions.append((user, *launch(base, key_pem, kid, user)))
                break
            except Exception:
                if attempt == 2:
                    raise
                time.sleep(0.5)
    latencies: dict[str, list[float]] = {"submit": [], "request_review": [], "open_review": [], "review": []}
    outcomes = {"reviews_done": 0, "nothing_to_review": 0}
    errors: list[str] = []
    lock = threading.Lock()
    queue.put(("ready", None))
    while start.value == 0.0:
        time.sleep(0.05)
    slots = {user: start.value + window * i / max(1, len(users)) for i, user in enumerate(users)}

    def timed(kind, fn):
        t = time.perf_counter()
        response = fn()
        elapsed = time.perf_counter() - t
        if response.status_code >= 400:
            raise RuntimeError(f"{kind}: HTTP {response.status_code}")
        with lock:
            latencies[kind].append(elapsed)
        return response

    def learner(user, http, launch_id, csrf):
        url = f"{base}/lti/peer/{launch_id}"
        time.sleep(max(0.0, slots[user] - time.time()))
        try:
            timed("submit", lambda: http.post(url + "/submit", data={"csrf_token": csrf,
                                                                     "text": f"Response of {user}: **facts**"},
                                              allow_redirects=False))
            asked = timed("request_review", lambda: http.post(url + "/review", data={"csrf_token": csrf},
                                                              allow_redirects=False))
            if "/review" not in asked.headers.get("Location", ""):
                with lock:
                    outcomes["nothing_to_review"] += 1
                return
            page = timed("open_review", lambda: http.get(url + "/review"))
            action = forms(page.text).review_action
            timed("review", lambda: http.post(base + action, data={"csrf_token": csrf, **LEVELS},
                                              allow_redirects=False))
            with lock:
                outcomes["reviews_done"] += 1
        except Exception as exc:
            with lock:
                errors.append(f"{user}: {exc}")

    threads = [threading.Thread(target=learner, args=s) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put(("done", (latencies, outcomes, errors)))


def check_invariants(env: dict, learners: int) -> list[str]:
    code = """
import json, sys
from collections import Counter
from sqlalchemy import select
from lti_tool import create_app
from lti_tool.extensions import db
from lti_tool.peer.models import DONE, LEASED, PeerAssignment, PeerReview, PeerSubmission, PeerVersion
app = create_app()
problems = []
with app.app_context():
    subs = {s.id: s for s in db.session.scalars(select(PeerSubmission))}
    if len(subs) != LEARNERS: problems.append(f"{len(subs)} submissions for LEARNERS learners")
    learners = Counter(s.user_id for s in subs.values())
    if learners and max(learners.values()) > 1: problems.append("a learner with two submissions")
    numbers = {}
    for sid, n in db.session.execute(select(PeerVersion.submission_id, PeerVersion.number)):
        numbers.setdefault(sid, []).append(n)
    for sid, s in subs.items():
        if sorted(numbers.get(sid, [])) != list(range(1, s.current_version + 1)): problems.append(f"versions {sid}")
    pairs = db.session.execute(select(PeerAssignment.reviewer_id, PeerAssignment.submission_id,
                                      PeerAssignment.status)).all()
    if any(subs[s].user_id == r for r, s, _ in pairs): problems.append("self-review")
    if len({(r, s) for r, s, _ in pairs}) != len(pairs): problems.append("a pair twice")
    active = Counter(r for r, _, st in pairs if st == LEASED)
    if active and max(active.values()) > 1: problems.append("two active leases for one learner")
    done = sorted((r, s) for r, s, st in pairs if st == DONE)
    reviews = sorted(tuple(x) for x in db.session.execute(select(PeerReview.reviewer_id, PeerReview.submission_id)))
    if done != reviews: problems.append("reviews and completed leases differ")
    # fewest first, replayed in allocation order (ids are taken while the allocation holds the link lock)
    rows = db.session.execute(select(PeerAssignment.id, PeerAssignment.reviewer_id, PeerAssignment.submission_id,
                                     PeerAssignment.leased_at).order_by(PeerAssignment.id)).all()
    submitted = {sid: s.submitted_at for sid, s in subs.items() if s.submitted_at is not None}
    in_progress, taken, unfair = Counter(), set(), 0
    for _id, reviewer, chosen, leased_at in rows:
        visible = [sid for sid, at in submitted.items() if (leased_at - at).total_seconds() > VISIBLE_AFTER
                   and subs[sid].user_id != reviewer and (reviewer, sid) not in taken and sid != chosen]
        if visible and min(in_progress[sid] for sid in visible) < in_progress[chosen]:
            unfair += 1
        in_progress[chosen] += 1
        taken.add((reviewer, chosen))
    if unfair: problems.append(f"{unfair} leases not on a fewest-reviews submission")
    print(json.dumps({"problems": problems, "submissions": len(subs), "reviews": len(reviews),
                      "leases_open": sum(active.values())}))
""".replace("LEARNERS", str(learners)).replace("VISIBLE_AFTER", str(VISIBLE_AFTER))
    import json

    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] * 1000 if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--window", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--processes", type=int, default=4)
    args = parser.parse_args()

    ensure_database(PG)
    key_pem, key_set = platform_key()
    kid = key_set["keys"][0]["kid"]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, FIELDSCHOOL_DATABASE_URL=PG, FIELDSCHOOL_REDIS_URL=REDIS,
               FIELDSCHOOL_REDIS_PREFIX=f"fieldschool-peer-bench:{uuid.uuid4().hex}:", FIELDSCHOOL_BASE_URL=base,
               FIELDSCHOOL_SECRET_KEY="bench-secret", FIELDSCHOOL_INSTANCE_PATH=tempfile.mkdtemp(prefix="fs-rush-"),
               FIELDSCHOOL_LTI_COOKIE_CHECK="false", FIELDSCHOOL_CURRICULUM_PATH=str(FIXTURE_COURSE),
               FIELDSCHOOL_GRADE_DRAINER="false")
    prepare_tool_database(env, key_set)
    server = start_gunicorn("lti_tool:create_app()", port, env, args.workers, args.threads)
    try:
        users = [f"rush-{i:04d}" for i in range(args.learners)]
        # one launch first creates the course and the link (concurrent first launches into a brand-new course race
        # in provisioning; a real class never arrives all in the same millisecond of the course's life)
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        launch(base, load_pem_private_key(key_pem.encode(), password=None), kid, "rush-instructor-warmup")
        queue: mp.Queue = mp.Queue()
        launch_started = time.perf_counter()
        chunks = [users[i::args.processes] for i in range(args.processes)]
        barrier_start = mp.Value("d", 0.0)
        procs = [mp.Process(target=client, args=(base, key_pem, kid, chunk, args.window, barrier_start, queue))
                 for chunk in chunks]
        for p in procs:
            p.start()
        for _ in procs:
            kind, _payload = queue.get()
            assert kind == "ready"
        launch_seconds = time.perf_counter() - launch_started
        with barrier_start.get_lock():
            barrier_start.value = time.time() + 1
        rush_started = time.perf_counter()
        latencies: dict[str, list[float]] = {}
        outcomes = {"reviews_done": 0, "nothing_to_review": 0}
        errors: list[str] = []
        for _ in procs:
            kind, (lat, out, errs) = queue.get()
            for k, v in lat.items():
                latencies.setdefault(k, []).extend(v)
            for k, v in out.items():
                outcomes[k] += v
            errors += errs
        rush_seconds = time.perf_counter() - rush_started - 1
        for p in procs:
            p.join()
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    check = check_invariants(env, args.learners)
    requests_total = sum(len(v) for v in latencies.values())
    everything = [x for v in latencies.values() for x in v]
    print(f"\nDeadline rush: {args.learners} learners within {args.window:.0f} s, gunicorn {args.workers} workers x "
          f"{args.threads} threads, PostgreSQL + Redis on 127.0.0.1, {os.cpu_count()} CPU(s)")
    print(f"  launches before the rush: {args.learners} in {launch_seconds:.1f} s")
    print(f"  rush: {requests_total} requests in {rush_seconds:.1f} s = {requests_total / rush_seconds:.1f} req/s; "
          f"errors {len(errors)}; reviews done {outcomes['reviews_done']}, "
          f"'nothing to review yet' {outcomes['nothing_to_review']}")
    print(f"  {'request':16} {'count':>7} {'median ms':>10} {'p95 ms':>10}")
    for kind, values in latencies.items():
        print(f"  {kind:16} {len(values):>7} {percentile(values, 0.5):>10.1f} {percentile(values, 0.95):>10.1f}")
    print(f"  {'all':16} {len(everything):>7} {percentile(everything, 0.5):>10.1f} "
          f"{percentile(everything, 0.95):>10.1f}")
    if errors:
        print(f"  first errors: {errors[:3]}")
    print(f"  invariants: {'all hold' if not check['problems'] else check['problems']} "
          f"(submissions {check['submissions']}, reviews {check['reviews']}, leases open {check['leases_open']})")


if __name__ == "__main__":
    main()
