"""Benchmark: loading and validating the whole shipped curriculum (target: well under a second)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curriculum.loader import DEFAULT_CONTENT, check_course  # noqa: E402


def main(runs: int = 10) -> None:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        course, problems = check_course(DEFAULT_CONTENT)
        timings.append(time.perf_counter() - start)
    files = sum(1 for _ in DEFAULT_CONTENT.rglob("*.md"))
    size = sum(p.stat().st_size for p in DEFAULT_CONTENT.rglob("*.md"))
    print(f"curriculum: {len(course.modules)} modules, {files} files, {size / 1024:.0f} KiB, "
          f"{len(problems)} problems")
    print(f"load + validate: median {statistics.median(timings) * 1000:.0f} ms, "
          f"max {max(timings) * 1000:.0f} ms over {runs} runs")


if __name__ == "__main__":
    main()
