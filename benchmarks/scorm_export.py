"""Benchmark: exporting the whole curriculum as SCORM 1.2 and 2004 packages in every language, and package sizes.

Measures the shipped curriculum when it has modules. It also measures a synthetic course of ``--modules`` copies of
the test fixture module in en/es/fr/pt (the fr/pt texts are copies of the Spanish ones), so the figures mean
something before the real curriculum is complete.

Beside each export it prints the zip floor — zipping the very same files (every package's pages, runtime and
manifest) with plain ``zipfile`` — and the ratio between the two, both measured in the same run: the floor is what
any export of these bytes costs at least, the ratio what planning, rendering and manifests add on top.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from curriculum import load_course  # noqa: E402
from curriculum.loader import DEFAULT_CONTENT  # noqa: E402
from curriculum.rendering import clear_caches  # noqa: E402
from scorm_export import export_scorm, package_files, plans_for, scorm_format  # noqa: E402
from scorm_export.pages import clear_page_cache  # noqa: E402

FIXTURE = ROOT / "tests" / "curriculum" / "fixtures" / "good"


def synthetic_course(folder: Path, modules: int) -> Path:
    """A course of ``modules`` copies of the fixture module, in four languages."""
    for course_file in FIXTURE.glob("course.*.md"):
        shutil.copy(course_file, folder / course_file.name)
    for lang in ("fr", "pt"):
        shutil.copy(FIXTURE / "course.es.md", folder / f"course.{lang}.md")
    source = FIXTURE / "00-sample"
    for n in range(modules):
        target = folder / f"{n:02d}-m{n:02d}"
        target.mkdir()
        for path in source.iterdir():
            if path.suffix != ".md":
                shutil.copy(path, target / path.name)
                continue
            text = re.sub(r"\bsample\b", f"m{n:02d}", path.read_text(encoding="utf-8"))
            text = text.replace("order: 0", f"order: {n}")
            (target / path.name).write_text(text, encoding="utf-8")
            if path.name.endswith(".es.md"):
                for lang in ("fr", "pt"):
                    (target / path.name.replace(".es.md", f".{lang}.md")).write_text(text, encoding="utf-8")
    return folder


def _zip_floor(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return buffer.getvalue()


def _package_contents(course, version: str) -> list[dict[str, bytes]]:
    """The files of every package the export writes (module packages and the course package, per language)."""
    fmt = scorm_format(version)
    return [package_files(plan, fmt) for lang in course.languages for scope in ("all", "course")
            for plan in plans_for(course, lang, scope)]


def _clock() -> tuple[float, float]:
    """Wall-clock and CPU time of this process (the machine is shared: CPU time is the steadier figure)."""
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def _figure(label: str, export: tuple[float, float], floor: tuple[float, float]) -> str:
    """One figure beside its floor and the ratio, wall clock and CPU, all from the same run."""
    return (f"{label}: wall {export[0] * 1000:.0f} ms, zip floor {floor[0] * 1000:.0f} ms, "
            f"ratio {export[0] / floor[0]:.1f}x; CPU {export[1] * 1000:.0f} ms, zip floor {floor[1] * 1000:.0f} ms, "
            f"ratio {export[1] / floor[1]:.1f}x")


def _median_pair(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def _export_everything(course, version: str) -> tuple[list, list]:
    module_packages, course_packages = [], []
    for lang in course.languages:
        module_packages += export_scorm(course, version, "all", language=lang)
        course_packages += export_scorm(course, version, "course", language=lang)
    return module_packages, course_packages


FRESH_PROCESSES = 5  # one fresh process is one sample: the figure is the median of this many


def _fresh_process_export(content: Path, version: str) -> tuple[float, float]:
    """The first export in a new process, as ``fieldschool export scorm`` runs it: templates compiled and Markdown
    converters built inside the timing (importing and loading the course are not: load_curriculum.py times them).
    The median of ``FRESH_PROCESSES`` processes, one after the other."""
    samples = []
    for _ in range(FRESH_PROCESSES):
        out = subprocess.run([sys.executable, __file__, "--fresh-child", str(content), version], check=True,
                             capture_output=True, text=True).stdout
        samples.append(tuple(json.loads(out.strip().splitlines()[-1])))
    return _median_pair(samples)


def _fresh_child(content: str, version: str) -> None:
    course = load_course(Path(content))
    start = _clock()
    _export_everything(course, version)
    print(json.dumps(_since(start)))


def measure(label: str, course, runs: int, content: Path) -> None:
    languages = course.languages
    print(f"\n{label}: {len(course.modules)} modules in {', '.join(languages)}")
    for version in ("1.2", "2004"):
        contents = _package_contents(course, version)
        timings, floors = [], []
        for run in range(runs + 1):
            if run == 0:
                clear_caches()  # the first run is cold: nothing rendered before it in this process
                clear_page_cache()
            start = _clock()
            module_packages, course_packages = _export_everything(course, version)
            timings.append(_since(start))
            start = _clock()
            for files in contents:
                _zip_floor(files)
            floors.append(_since(start))
        count = len(module_packages) + len(course_packages)
        print(f"  SCORM {version}: {count} packages (each module alone + the whole course, per language)")
        fresh = _fresh_process_export(content, version)
        print("    " + _figure(f"first export in a fresh process (templates compiled, nothing rendered; median of "
                               f"{FRESH_PROCESSES} processes)", fresh,
                               _median_pair(floors)))
        print("    " + _figure("cold (caches cleared in this process, templates already compiled)", timings[0],
                               floors[0]))
        print("    " + _figure(f"warm (median of {runs} more exports, pages and Markdown already rendered)",
                               _median_pair(timings[1:]), _median_pair(floors[1:])))
        module_sizes = [len(p.data) for p in module_packages]
        course_sizes = [len(p.data) for p in course_packages]
        print(f"    module package: median {statistics.median(module_sizes) / 1024:.1f} KiB, "
              f"max {max(module_sizes) / 1024:.1f} KiB")
        print(f"    course package: median {statistics.median(course_sizes) / 1024:.1f} KiB, "
              f"max {max(course_sizes) / 1024:.1f} KiB; everything together "
              f"{(sum(module_sizes) + sum(course_sizes)) / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--modules", type=int, default=12, help="modules in the synthetic course")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fresh-child", nargs=2, metavar=("CONTENT", "VERSION"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fresh_child:
        _fresh_child(*args.fresh_child)
        return
    real = load_course(DEFAULT_CONTENT)
    if real.modules:
        measure("shipped curriculum", real, args.runs, DEFAULT_CONTENT)
    else:
        print("shipped curriculum: no modules yet")
    with tempfile.TemporaryDirectory() as tmp:
        content = synthetic_course(Path(tmp), args.modules)
        measure("synthetic course (fixture module copies)", load_course(content), args.runs, content)


if __name__ == "__main__":
    main()
