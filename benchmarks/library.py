"""The experience library at size: a library of N published experiences (SQLite by default, or
FIELDSCHOOL_DATABASE_URL), full-text searches and filtered listings of the public library, an entry page's size,
and the Cup's jury allocation and ranking in the core for many entries and jurors.

Usage: python benchmarks/library.py [--entries 300] [--searches 200] [--cup-entries 500] [--jurors 60]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXPERIENCE = ROOT / "tests" / "curriculum" / "fixtures" / "experiences" / "el-progreso.en.yaml"
COUNTRIES = ("Peru", "Ghana", "Kenya", "Ecuador", "Colombia", "Nicaragua", "Côte d'Ivoire", "Honduras")
COMMODITIES = ("coffee", "cocoa", "bananas")


def build_library(entries: int):
    from lti_tool import create_app
    from lti_tool.extensions import db
    from lti_tool.library.models import LibraryExperience
    from lti_tool.models import utcnow

    tmp = Path(tempfile.mkdtemp())
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "INSTANCE_PATH": str(tmp),
                      "DATABASE_URL": os.environ.get("FIELDSCHOOL_DATABASE_URL") or f"sqlite:///{tmp}/bench.db",
                      "GRADE_DRAINER": False})
    base = yaml.safe_load(EXPERIENCE.read_text(encoding="utf-8"))
    from curriculum.experiences.model import Experience

    with app.app_context():
        db.drop_all()
        db.create_all()
        for n in range(entries):
            data = dict(base, title=f"Experience {n}: {base['title']}", organisation=f"Cooperative {n}",
                        facts=dict(base["facts"], country=COUNTRIES[n % len(COUNTRIES)],
                                   commodity=COMMODITIES[n % len(COMMODITIES)]))
            exp = Experience.from_dict(data)
            db.session.add(LibraryExperience(status="published", data=json.dumps(exp.to_dict()), version=1,
                                             language="en", title=exp.title, organisation=exp.organisation,
                                             country=exp.facts["country"], commodity=exp.facts["commodity"],
                                             organisation_type="cooperative", competency_area="finance",
                                             maturity="good-practice", public=True, search_text=exp.search_text(),
                                             published_at=utcnow()))
        db.session.commit()
    return app


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--cup-entries", type=int, default=500)
    parser.add_argument("--jurors", type=int, default=60)
    args = parser.parse_args()

    app = build_library(args.entries)
    client = app.test_client()
    client.get("/library/?q=warm+up")  # builds the search index once
    timings = {"search": [], "filter": []}
    for n in range(args.searches):
        start = time.perf_counter()
        assert client.get(f"/library/?q=revolving+fund+{n % 7}").status_code == 200
        timings["search"].append(time.perf_counter() - start)
        start = time.perf_counter()
        assert client.get(f"/library/?country={COUNTRIES[n % len(COUNTRIES)]}&commodity=coffee").status_code == 200
        timings["filter"].append(time.perf_counter() - start)
    entry = client.get("/library/1")
    engine = "PostgreSQL" if "postgres" in str(app.config["SQLALCHEMY_DATABASE_URI"]) else "SQLite FTS5"
    print(f"library of {args.entries} published experiences ({engine})")
    for name, values in timings.items():
        median, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
        print(f"  {name:<7} median {median:7.1f} ms   p95 {p95:7.1f} ms")
    print(f"  entry page {len(entry.data)} bytes, {len(gzip.compress(entry.data))} bytes gzip")

    from curriculum.experiences.jury import Party, allocate_jurors, jury_rubric, rank_entries

    entries = [Party(f"e{n}", f"Org {n % 200}", COUNTRIES[n % len(COUNTRIES)], order=n)
               for n in range(args.cup_entries)]
    jurors = [Party(f"j{n}", f"Org {n * 7 % 200}", COUNTRIES[n % len(COUNTRIES)]) for n in range(args.jurors)]
    start = time.perf_counter()
    pairs = allocate_jurors(entries, jurors, 3, exclude_country=True)
    allocation = time.perf_counter() - start
    rubric = jury_rubric("en")
    levels = {c.id: 1 for c in rubric.criteria}
    scores = {e.id: [] for e in entries}
    for juror, entry_id in pairs:
        scores[entry_id].append({**levels, "evidence": hash((juror, entry_id)) % 3})
    start = time.perf_counter()
    rank_entries(rubric, scores, {e.id: e.order for e in entries})
    ranking = time.perf_counter() - start
    print(f"Cup: {len(entries)} entries, {len(jurors)} jurors, {len(pairs)} assignments: allocation "
          f"{allocation * 1000:.0f} ms, ranking {ranking * 1000:.0f} ms")


if __name__ == "__main__":
    main()
