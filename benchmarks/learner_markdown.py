"""Benchmark: learner Markdown on 100,000 adversarial characters per construct (target: well under a second each),
and the cost per character at 25k, 50k and 100k characters (flat when the renderer is linear)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curriculum.rendering import render_learner_markdown  # noqa: E402
from tests.curriculum.adversarial_markdown import ADVERSARIAL  # noqa: E402


def timed(text: str) -> tuple[float, int]:
    start = time.perf_counter()
    html = render_learner_markdown(text)
    return time.perf_counter() - start, len(html)


def main() -> None:
    worst = 0.0
    print(f"{'input':24} {'chars':>7} {'html':>9} {'ms':>7}   µs/char at 25k / 50k / 100k")
    for name, text in ADVERSARIAL.items():
        seconds, html = timed(text)
        worst = max(worst, seconds)
        per_char = [timed(text[: len(text) * k // 4])[0] / max(1, len(text) * k // 4) * 1e6 for k in (1, 2, 4)]
        print(f"{name:24} {len(text):7} {html:9} {seconds * 1000:7.1f}   "
              + " / ".join(f"{v:.2f}" for v in per_char))
    print(f"slowest: {worst * 1000:.0f} ms")


if __name__ == "__main__":
    main()
