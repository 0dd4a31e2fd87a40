"""What a learner's phone downloads for a case study and an assessment page (gzip, every file the page loads;
images listed apart), and how fast the grade outbox delivers scores to a platform's AGS endpoint.

Page weight: the tool and a local LTI platform run in this process; a learner launch opens each page of the
shipped curriculum's module 0 (and the test fixture's), then the HTML and every stylesheet, script and image it
references are fetched and gzipped (level 6, what nginx and most CDNs use). Target: under 25 KB per page, images aside.

Delivery rate: N scores are enqueued for N learners on one line item, then drained into the local platform's AGS
score endpoint (real HTTP, token by the client-credentials grant) by one drainer and by two at once, on SQLite and,
when it is running, on PostgreSQL.

Usage: python benchmarks/lti_activities.py [--scores 300]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "lti_tool"))  # the test suite's live server and form-following browser

FIXTURE_COURSE = ROOT / "tests" / "curriculum" / "fixtures" / "good"
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/fieldschool_lti5_bench"
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')


class World:
    """A tool and a dev platform on loopback ports, registered with each other."""

    def __init__(self, folder: Path, curriculum: str | None, database_url: str | None = None) -> None:
        from lti_live import Browser, LiveServer

        from lti_tool import create_app
        from lti_tool.devplatform import DevPlatform
        from lti_tool.devplatform.blueprint import create_platform_app
        from lti_tool.extensions import db
        from lti_tool.services.platforms import register_platform

        self.platform_server = LiveServer()
        self.platform = DevPlatform(self.platform_server.url)
        self.platform_server.start(create_platform_app(self.platform))
        self.tool_server = LiveServer()
        self.base = self.tool_server.url
        self.app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder / "instance"),
                               "DATABASE_URL": database_url or f"sqlite:///{folder}/tool.db", "BASE_URL": self.base,
                               "CURRICULUM_PATH": curriculum, "LTI_COOKIE_CHECK": False, "GRADE_DRAINER": False,
                               "GRADE_BATCH": 20, "ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
                               "OUTBOUND_HTTP_ALLOWED": True})
        with self.app.app_context():
            if self.app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
                from sqlalchemy import text

                with db.engine.begin() as conn:  # whatever other branches' tables are in it, too
                    conn.execute(text("DROP SCHEMA public CASCADE"))
                    conn.execute(text("CREATE SCHEMA public"))
            db.create_all()
            register_platform(issuer=self.platform.issuer, client_id="bench", auth_login_url=self.platform.url("/auth"),
                              auth_token_url=self.platform.url("/token"), key_set_url=self.platform.url("/jwks.json"),
                              deployment_ids=("d1",), name="bench")
        import logging

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.tool_server.start(self.app)
        self.platform.add_tool("bench", self.base + "/lti/login", self.base + "/lti/launch",
                               jwks_uri=self.base + "/lti/jwks.json", deployment_id="d1")
        self.browser = Browser()

    def launch(self, item: str, link: str):
        url, params = self.platform.launch_request("bench", custom={"fieldschool_item": item},
                                                   resource_link={"id": link, "title": item})
        return self.browser.start_launch(url, params)

    def stop(self) -> None:
        from lti_tool.extensions import db

        self.tool_server.stop()
        self.platform_server.stop()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def weigh(world: World, page) -> dict:
    html = page.content
    assets, images = {}, {}
    for ref in dict.fromkeys(ASSET.findall(page.text)):
        body = world.browser.http.get(urljoin(page.url, ref)).content
        target = images if re.search(r"\.(svg|png|jpe?g|webp|gif)$", ref) else assets
        target[ref.rsplit("/", 1)[-1]] = (len(body), gz(body))
    total = gz(html) + sum(g for _, g in assets.values())
    return {"html": (len(html), gz(html)), "assets": assets, "images": images, "total_gzip": total}


def print_weight(label: str, w: dict) -> None:
    parts = ", ".join(f"{name} {g / 1024:.1f}" for name, (_, g) in w["assets"].items())
    pictures = ", ".join(f"{name} {g / 1024:.1f}" for name, (_, g) in w["images"].items()) or "none"
    verdict = "OK" if w["total_gzip"] < 25 * 1024 else "OVER the 25 KB target"
    print(f"  {label:<44} {w['total_gzip'] / 1024:5.1f} KB gzip total ({verdict}); HTML {w['html'][0] / 1024:.1f} KB"
          f" raw / {w['html'][1] / 1024:.1f} KB gzip; {parts}; images aside: {pictures}")


def page_weights() -> None:
    print("Transferred size, gzip, everything the page loads (KB = 1024 bytes):")
    for curriculum, case, quiz in ((None, "experiences.case", "experiences.assessment"),
                                   (str(FIXTURE_COURSE), "sample.case", "sample.assessment")):
        with tempfile.TemporaryDirectory() as folder:
            world = World(Path(folder), curriculum)
            try:
                print_weight(f"case study {case}", weigh(world, world.launch(case, "case")))
                quiz_page = world.launch(quiz, "quiz")
                print_weight(f"assessment {quiz}", weigh(world, quiz_page))
                result = world.browser.submit(quiz_page, form_index=0)  # an empty attempt: all feedback shown
                print_weight(f"assessment feedback {quiz}", weigh(world, result))
            finally:
                world.stop()


def heaviest_pages() -> None:
    """Every case study and assessment of the shipped curriculum (English): the lightest and heaviest pages."""
    from curriculum import Assessment, CaseStudy, default_course

    course = default_course()
    with tempfile.TemporaryDirectory() as folder:
        world = World(Path(folder), None)
        try:
            sizes = sorted((weigh(world, world.launch(item_id, "all-" + item_id))["total_gzip"], item_id)
                           for module in course.modules for item_id in module.item_ids
                           if isinstance(module.item(item_id, "en"), CaseStudy | Assessment))
        finally:
            world.stop()
    over = [item for size, item in sizes if size >= 25 * 1024]
    print(f"  all {len(sizes)} shipped case studies and assessments (en): lightest {sizes[0][1]} "
          f"{sizes[0][0] / 1024:.1f} KB, heaviest {sizes[-1][1]} {sizes[-1][0] / 1024:.1f} KB gzip; "
          f"over 25 KB: {', '.join(over) or 'none'}")


def seed(world: World, n: int) -> int:
    from sqlalchemy import select

    from lti_tool.extensions import db
    from lti_tool.grades import outbox
    from lti_tool.models import Deployment, LtiUser, Platform, ResourceLink

    lineitem = world.platform.create_line_item("course-1", {"label": "bench", "scoreMaximum": 10})["id"]
    with world.app.app_context():
        platform = db.session.scalars(select(Platform)).one()
        deployment = db.session.scalars(select(Deployment)).one()
        link = ResourceLink(deployment_id=deployment.id, resource_link_id="bench", ags_lineitem_url=lineitem,
                            ags_scopes="https://purl.imsglobal.org/spec/lti-ags/scope/score")
        users = [LtiUser(platform_id=platform.id, sub=f"learner-{i}") for i in range(n)]
        db.session.add_all([link, *users])
        db.session.commit()
        for user in users:
            outbox.enqueue_score(link, user.id, 7, 10, "Completed", "FullyGraded", commit=False)
        db.session.commit()
        db.session.remove()
    return n


def drain_with(world: World, drainers: int) -> float:
    from lti_tool.extensions import db
    from lti_tool.grades import outbox

    def run(name: str) -> None:
        with world.app.app_context():
            while outbox.drain(worker=name).claimed:
                pass
            db.session.remove()

    threads = [threading.Thread(target=run, args=(f"d{i}",)) for i in range(drainers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def postgres_available() -> bool:
    from sqlalchemy import create_engine, text

    try:
        admin = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT",
                              connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = 'fieldschool_lti5_bench'")).first():
                conn.execute(text('CREATE DATABASE "fieldschool_lti5_bench"'))
        admin.dispose()
        return True
    except Exception:
        return False


def delivery_rates(n: int) -> None:
    print(f"Grade outbox delivery rate ({n} scores into the local platform's AGS endpoint over HTTP):")
    databases = [("SQLite", None)] + ([("PostgreSQL", PG)] if postgres_available() else [])
    for label, url in databases:
        for drainers in (1, 2):
            with tempfile.TemporaryDirectory() as folder:
                world = World(Path(folder), str(FIXTURE_COURSE), url)
                try:
                    seed(world, n)
                    seconds = drain_with(world, drainers)
                    delivered = len(world.platform.scores)
                    unique = len({s["userId"] for s in world.platform.scores})
                    print(f"  {label:<10} {drainers} drainer(s): {delivered} delivered ({unique} distinct) in "
                          f"{seconds:.2f} s = {delivered / seconds:6.0f} scores/s; token requests: "
                          f"{len(world.platform.received('token_request'))}")
                finally:
                    world.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scores", type=int, default=300)
    args = parser.parse_args()
    page_weights()
    heaviest_pages()
    delivery_rates(args.scores)


if __name__ == "__main__":
    main()
