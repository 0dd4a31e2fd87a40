"""Benchmark: the Common Cartridge export of the whole shipped course in every language (native quizzes and LTI
quizzes), beside the zip floor — zipping the very same files with plain ``zipfile`` — and the ratio between them.

The floor is what any export of these bytes costs at least; the ratio says how much the planning, rendering and
XML writing add on top.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cartridge_export import cartridge_files, export_cartridge  # noqa: E402
from cartridge_export.plan import QuizMode, plan_cartridge  # noqa: E402
from curriculum import load_course  # noqa: E402
from curriculum.loader import DEFAULT_CONTENT  # noqa: E402

TOOL = "https://fieldschool.example.org"


def _zip_floor(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return buffer.getvalue()


def _median_seconds(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    course = load_course(DEFAULT_CONTENT)
    languages = course.languages
    print(f"shipped curriculum: {len(course.modules)} modules in {', '.join(languages)}")
    for quizzes in QuizMode:
        files_per_language = {lang: cartridge_files(plan_cartridge(course, list(course.modules), lang, TOOL,
                                                                   quizzes, whole_course=True))
                              for lang in languages}
        built = {lang: export_cartridge(course, TOOL, language=lang, quizzes=quizzes) for lang in languages}
        export = _median_seconds(lambda q=quizzes: [export_cartridge(course, TOOL, language=lang, quizzes=q)
                                                    for lang in languages], args.runs)
        floor = _median_seconds(lambda f=files_per_language: [_zip_floor(files) for files in f.values()], args.runs)
        sizes = [len(b.data) for b in built.values()]
        files = sum(len(f) for f in files_per_language.values())
        print(f"  quizzes={quizzes.value}: {len(languages)} course cartridges ({files} files) in median "
              f"{export * 1000:.0f} ms; zip floor (the same files, plain zipfile) {floor * 1000:.0f} ms; "
              f"ratio {export / floor:.1f}x; cartridge median {statistics.median(sizes) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
