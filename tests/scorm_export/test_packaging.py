"""Packages are deterministic zips of small self-contained pages, exported by ``fieldschool export scorm``."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.archive import FIXED_TIME, deterministic_zip
from curriculum.cli import main
from scorm_export import export_scorm

FIXTURE_COURSE = Path(__file__).parent.parent / "curriculum" / "fixtures" / "good"


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("scope", ["module", "course"])
def test_the_same_curriculum_gives_byte_identical_zips(version, scope, fixture_course):
    from curriculum import load_course

    first = export_scorm(fixture_course, version, scope, "sample", "es")
    again = export_scorm(load_course(FIXTURE_COURSE), version, scope, "sample", "es")
    assert [p.data for p in first] == [p.data for p in again]
    assert [p.filename for p in first] == [p.filename for p in again]


def test_zip_entries_are_sorted_with_fixed_time_and_permissions():
    files = {"b/z.txt": b"z", "a.txt": b"a", "b/a.txt": b"ba"}
    data = deterministic_zip(files)
    assert data == deterministic_zip(dict(reversed(list(files.items()))))
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert [i.filename for i in infos] == ["a.txt", "b/a.txt", "b/z.txt"]
    assert {i.date_time for i in infos} == {FIXED_TIME}
    assert {(i.external_attr >> 16) & 0o777 for i in infos} == {0o644}


def test_a_change_in_the_curriculum_changes_the_package(fixture_course, tmp_path):
    import shutil

    from curriculum import load_course

    copy = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, copy)
    case = copy / "00-sample" / "case-study.en.md"
    case.write_text(case.read_text(encoding="utf-8").replace("Few records.", "Almost no records."), encoding="utf-8")
    before = export_scorm(fixture_course, "1.2", "module", "sample", "en")[0].data
    after = export_scorm(load_course(copy), "1.2", "module", "sample", "en")[0].data
    assert before != after


def _page(package, module="sample") -> str:
    return zipfile.ZipFile(io.BytesIO(package.data)).read(f"{module}/index.html").decode("utf-8")


def _page_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="fs-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_pages_are_self_contained_with_no_network_reference(fixture_course):
    for version in ("1.2", "2004"):
        package = export_scorm(fixture_course, version, "course", language="en")[0]
        archive = zipfile.ZipFile(io.BytesIO(package.data))
        for name in archive.namelist():
            if name.endswith((".html", ".js", ".css")):
                text = archive.read(name).decode("utf-8")
                # No script, style, image or font is fetched from elsewhere (links the learner may follow are fine).
                assert not re.search(r'(src|@import|url)\s*[=(]\s*["\']?(https?:)?//', text), name
                assert not re.search(r'<link[^>]+href="(https?:)?//', text), name


def test_the_page_is_rendered_in_the_chosen_language_from_markdown(fixture_course):
    html = _page(export_scorm(fixture_course, "1.2", "module", "sample", "es")[0])
    assert '<html lang="es">' in html
    assert "Enviar mis respuestas" in html and "Submit my answers" not in html
    assert "Módulo de prueba" in html
    assert "## " not in html and "{#context}" not in html  # Markdown became HTML at build time
    english = _page(export_scorm(fixture_course, "1.2", "module", "sample", "en")[0])
    assert "<h3 id=\"case-context\">Context</h3>" in english
    # item: links inside the module point at the part; there is no Markdown parser in the package
    assert 'href="#exercise"' in english
    scripts = re.findall(r'<script src="([^"]+)"', english)
    assert scripts == ["../shared/runtime.js", "../shared/sco.js"]


def test_the_exercise_says_plainly_it_is_done_alone(fixture_course):
    html = _page(export_scorm(fixture_course, "2004", "module", "sample", "en")[0])
    assert "Working alone with this package" in html
    assert "share them with your group" in html
    assert "Assess your own response" in html
    assert html.count('data-criterion="evidence"') == 4 and html.count('data-criterion="clarity"') == 2


def test_the_assessment_data_for_offline_grading_is_embedded(fixture_course):
    data = _page_data(_page(export_scorm(fixture_course, "1.2", "module", "sample", "en")[0]))
    assessment = next(p for p in data["parts"] if p["type"] == "assessment")
    assert assessment["pass_mark"] == 0.6 and assessment["attempts"] == 2 and assessment["max_points"] == 5
    q1 = assessment["questions"][0]
    assert [o["id"] for o in q1["options"] if o["correct"]] == ["b"]
    q5 = assessment["questions"][4]
    assert q5["accepted"] == ["eje", "el eje"]  # normalised at build time with curriculum.scoring.normalise_text
    assert [p["key"] for p in data["parts"]] == ["case", "exercise", "assessment"]
    case = data["parts"][0]
    assert case["questions"] == ["context-1", "lessons-1"]


def test_cli_exports_one_module_every_module_or_the_course(tmp_path):
    runner = CliRunner()
    base = ["export", "scorm", "--path", str(FIXTURE_COURSE)]
    one = runner.invoke(main, [*base, "--module", "sample", "-o", str(tmp_path / "one")])
    assert one.exit_code == 0, one.output
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["sample-course-sample-en-scorm12.zip"]
    every = runner.invoke(main, [*base, "--all", "--version", "2004", "--lang", "es", "-o", str(tmp_path / "all")])
    assert every.exit_code == 0, every.output
    assert [p.name for p in (tmp_path / "all").iterdir()] == ["sample-course-sample-es-scorm2004.zip"]
    course = runner.invoke(main, [*base, "--course", "--version", "2004", "--sequencing", "choice",
                                  "-o", str(tmp_path / "course")])
    assert course.exit_code == 0, course.output
    zips = list((tmp_path / "course").iterdir())
    assert [p.name for p in zips] == ["sample-course-en-scorm2004.zip"]
    manifest = zipfile.ZipFile(zips[0]).read("imsmanifest.xml").decode()
    assert 'choice="true"' in manifest


@pytest.mark.parametrize("args, message", [
    ([], "choose exactly one of --module ID, --all or --course"),
    (["--all", "--course"], "choose exactly one"),
    (["--module", "nope"], "no module 'nope'"),
    (["--all", "--version", "3"], "'3' is not one of"),
])
def test_cli_refuses_unclear_requests(args, message, tmp_path):
    result = CliRunner().invoke(main, ["export", "scorm", "--path", str(FIXTURE_COURSE), "-o", str(tmp_path), *args])
    assert result.exit_code != 0
    assert message in result.output


def test_text_shown_in_the_fallback_language_is_marked_with_its_language(fixture_course):
    html = _page(export_scorm(fixture_course, "1.2", "module", "sample", "fr")[0])
    assert '<html lang="fr">' in html and "Envoyer mes réponses" in html  # the interface is French
    case_section = re.search(r'<section id="case"[^>]*>', html).group(0)
    assert 'lang="en"' in case_section  # the case study exists only in en and es


class _PlainFolder:
    """A stand-in for another package format (e.g. IMS Common Cartridge): its own runtime and manifest."""

    name = "plain folder"

    def runtime_files(self, plan):
        return {"shared/runtime.js": b"window.FieldSchoolRuntime = null;"}

    def manifest(self, plan, files):
        listing = "\n".join(sorted(files))
        return "contents.txt", f"{plan.title}\n{listing}\n".encode()


def test_another_format_plugs_into_the_same_plan_and_zip_writer(fixture_course):
    from scorm_export import build_package, plan_package
    from scorm_export.plan import Scope

    plan = plan_package(fixture_course, "es", fixture_course.modules, Scope.COURSE)
    package = build_package(plan, _PlainFolder(), "plain")
    assert package.filename == "sample-course-es-plain.zip"
    archive = zipfile.ZipFile(io.BytesIO(package.data))
    assert archive.read("shared/runtime.js") == b"window.FieldSchoolRuntime = null;"
    contents = archive.read("contents.txt").decode()
    assert contents.startswith("Curso de prueba\n") and "sample/index.html" in contents
    assert "imsmanifest.xml" not in archive.namelist()


def test_each_module_page_is_rendered_once_per_language_for_module_and_course_packages(two_module_course,
                                                                                      monkeypatch):
    from scorm_export import pages

    rendered = []
    render_body = pages._render_module_body
    monkeypatch.setattr(pages, "_render_module_body",
                        lambda course, module, lang: rendered.append((module.id, lang)) or
                        render_body(course, module, lang))
    pages.clear_page_cache()
    for version in ("1.2", "2004"):
        module_packages = export_scorm(two_module_course, version, "all", language="es")
        course_package = export_scorm(two_module_course, version, "course", language="es")[0]
    assert sorted(rendered) == [("sample", "es"), ("second", "es")]
    alone, inside = _page(module_packages[0]), _page(course_package)
    assert _page_data(alone)["package"] != _page_data(inside)["package"]
    assert _page_data(inside)["next"] and not _page_data(alone)["next"]


def test_cli_o_names_the_zip_where_one_package_results_and_refuses_it_where_several_would(tmp_path):
    runner = CliRunner()
    base = ["export", "scorm", "--path", str(FIXTURE_COURSE)]
    target = tmp_path / "mine" / "sample.zip"
    one = runner.invoke(main, [*base, "--module", "sample", "-o", str(target)])
    assert one.exit_code == 0, one.output
    assert [p.name for p in target.parent.iterdir()] == ["sample.zip"]
    assert "imsmanifest.xml" in zipfile.ZipFile(target).namelist()
    wrong = runner.invoke(main, [*base, "--course", "-o", str(tmp_path / "course.imscc")])
    assert wrong.exit_code == 2 and "this format writes .zip files" in wrong.output


def test_a_regional_locale_exports_its_languages_content_and_interface(tmp_path):
    # `--lang pt-BR` once gave English content (the core's lookups missed the locale) with Portuguese strings
    from curriculum.loader import default_course
    from scorm_export.strings import ui_strings

    result = CliRunner().invoke(main, ["export", "scorm", "--module", "experiences", "--lang", "pt-BR",
                                       "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "no module is written" not in result.stderr
    (written,) = tmp_path.iterdir()
    assert written.name.endswith("-experiences-pt-scorm12.zip")
    html = zipfile.ZipFile(written).read("experiences/index.html").decode("utf-8")
    course = default_course()
    case = course.find_item("experiences.case", "pt")
    assert case.title in html
    assert course.module("experiences").variant("pt").title in html
    assert course.find_item("experiences.case", "en").title not in html
    assert ui_strings("pt")["submit"] in html and ui_strings("en")["submit"] not in html
    assert '<html lang="pt">' in html
