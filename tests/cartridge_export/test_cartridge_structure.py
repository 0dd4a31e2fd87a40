"""What a teacher finds after importing: the organisation mirrors the course, pages and a discussion per module,
LOM metadata, assessments as quizzes or LTI links; the zip is deterministic; the command line."""

from __future__ import annotations

import html

from cartridge_reader import FIXTURE_COURSE, NS, open_cartridge
from click.testing import CliRunner
from lxml import etree

from cartridge_export import export_cartridge
from cartridge_export.manifest import manifest_xml
from cartridge_export.plan import Entry, Resource, plan_cartridge
from curriculum.cli import main

TOOL = "https://fieldschool.example.org"


def _titles_and_types(cartridge, folder: etree._Element) -> list[tuple[str, str]]:
    types = {r.get("identifier"): r.get("type") for r in cartridge.resources()}
    return [(i.findtext("cp:title", namespaces=NS), types[i.get("identifierref")])
            for i in folder.iterfind("cp:item", NS)]


def test_a_folder_per_module_in_course_order_with_items_in_the_course_order(shipped_course):
    cartridge = open_cartridge(export_cartridge(shipped_course, TOOL, language="es").data)
    folders = cartridge.manifest.findall(".//cp:organization/cp:item/cp:item", NS)
    assert [f.findtext("cp:title", namespaces=NS) for f in folders] == \
        [m.variant("es").title for m in shipped_course.modules]
    module = shipped_course.modules[1]
    entries = _titles_and_types(cartridge, folders[1])
    case, exercise, assessment = (module.item(i, "es") for i in module.item_ids)
    assert entries == [
        ("Introducción", "webcontent"),
        (f"{case.title} (lectura)", "webcontent"),
        (case.title, "imsbasiclti_xmlv1p0"),
        (f"Debate: {case.title}", "imsdt_xmlv1p1"),
        (exercise.title, "imsbasiclti_xmlv1p0"),
        (assessment.title, "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"),
        ("Guía de facilitación (solo docentes)", "webcontent"),
    ]


def test_each_module_brings_its_facilitators_guide_for_instructors_only(shipped_course, schemas):
    cartridge = open_cartridge(export_cartridge(shipped_course, TOOL, language="en").data)
    assert schemas["manifest"].validate(cartridge.manifest), schemas["manifest"].error_log
    guides = [r for r in cartridge.resources("webcontent") if r.get("href").endswith("/facilitator-guide.html")]
    assert len(guides) == len(shipped_course.modules)
    for resource in guides:
        roles = resource.xpath(".//lomr:intendedEndUserRole/lomr:value/text()", namespaces=NS)
        assert roles == ["Instructor"], resource.get("href")
    module = shipped_course.modules[4]
    guide = module.guide("en")
    page = html.unescape(cartridge.files[f"{module.id}/facilitator-guide.html"].decode())
    assert guide.title in page and guide.activities[0].title in page and "Session plan" in page


def test_lti_quizzes_turn_assessments_into_links_that_name_the_item(fixture_course):
    cartridge = open_cartridge(export_cartridge(fixture_course, TOOL, quizzes="lti").data)
    assert not cartridge.resources("imsqti_xmlv1p2/imscc_xmlv1p1/assessment")
    links = [cartridge.descriptor(r) for r in cartridge.resources("imsbasiclti_xmlv1p0")]
    urls = sorted(link.findtext("blti:launch_url", namespaces=NS) for link in links)
    assert urls == [f"{TOOL}/lti/launch?item=sample.{kind}" for kind in ("assessment", "case", "exercise")]
    customs = sorted(link.findtext("blti:custom/lticm:property[@name='fieldschool_item']", namespaces=NS)
                     for link in links)
    assert customs == ["sample.assessment", "sample.case", "sample.exercise"]


def test_discussion_topic_is_seeded_with_the_cases_opening_question(shipped_course):
    cartridge = open_cartridge(export_cartridge(shipped_course, TOOL, "experiences", "fr").data)
    (topic,) = [cartridge.descriptor(r) for r in cartridge.resources("imsdt_xmlv1p1")]
    case = shipped_course.find_item("experiences.case", "fr")
    text = etree.fromstring(f"<x>{topic.findtext('dt:text', namespaces=NS)}</x>").xpath("string()")
    assert text.strip() == case.discussion_questions[0][1].strip()


def test_reading_page_carries_the_case_and_points_to_its_activity(shipped_course):
    cartridge = open_cartridge(export_cartridge(shipped_course, TOOL, "experiences", "pt").data)
    case = shipped_course.find_item("experiences.case", "pt")
    page = cartridge.files["experiences/experiences.case.html"].decode()
    assert case.title in page and case.sections[0].title in page
    assert f"abra «{case.title}» neste módulo" in page
    assert '<html lang="pt">' in page


def test_a_regional_locale_exports_its_languages_content_and_strings(shipped_course, tmp_path):
    # `--lang pt-BR` once gave English content (the core's lookups and the strings missed the locale)
    target = tmp_path / "experiences.imscc"
    result = CliRunner().invoke(main, ["export", "cartridge", "--module", "experiences", "--lang", "pt-BR",
                                       "--tool-url", TOOL, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "no module is written" not in result.stderr
    cartridge = open_cartridge(target.read_bytes())
    case = shipped_course.find_item("experiences.case", "pt")
    page = cartridge.files["experiences/experiences.case.html"].decode()
    assert case.title in page and shipped_course.find_item("experiences.case", "en").title not in page
    assert f"abra «{case.title}» neste módulo" in page and '<html lang="pt">' in page
    titles = cartridge.manifest.xpath("//cp:organization//cp:item/cp:title/text()", namespaces=NS)
    assert f"Debate: {case.title}" in titles
    assert cartridge.manifest.findtext("cp:metadata/lomm:lom/lomm:general/lomm:language", namespaces=NS) == "pt"


def test_manifest_metadata_says_title_language_description_and_licence(fixture_course):
    manifest = open_cartridge(export_cartridge(fixture_course, TOOL, language="es").data).manifest
    general = manifest.find("cp:metadata/lomm:lom/lomm:general", NS)
    assert general.findtext("lomm:title/lomm:string", namespaces=NS) == fixture_course.titles["es"]
    assert general.findtext("lomm:language", namespaces=NS) == "es"
    assert general.findtext("lomm:description/lomm:string", namespaces=NS).strip()
    licence = manifest.findtext("cp:metadata/lomm:lom/lomm:rights/lomm:description/lomm:string", namespaces=NS)
    assert "CC BY-SA 4.0" in licence and "creativecommons.org/licenses/by-sa/4.0" in licence


def test_same_content_gives_the_same_bytes(shipped_course, fixture_course):
    first = export_cartridge(shipped_course, TOOL, language="es")
    again = export_cartridge(shipped_course, TOOL, language="es")
    assert first.data == again.data
    assert export_cartridge(fixture_course, TOOL).data != export_cartridge(fixture_course, TOOL + "/other").data


def test_instructor_only_resources_carry_the_cc_instructor_role(fixture_course, schemas):
    plan = plan_cartridge(fixture_course, fixture_course.modules, "en", TOOL)
    folder = plan.folders[0]
    guide = folder.entries[0]
    marked = Resource(guide.resource.identifier, guide.resource.type, guide.resource.href, guide.resource.files,
                      instructor_only=True)
    folder.entries[0] = Entry(guide.identifier, guide.title, marked)
    manifest = etree.fromstring(manifest_xml(plan))
    assert schemas["manifest"].validate(manifest), schemas["manifest"].error_log
    roles = manifest.xpath("//cp:resource[lomr:*|cp:metadata]//lomr:intendedEndUserRole/lomr:value/text()",
                           namespaces=NS)
    assert roles == ["Instructor"]


def test_command_writes_the_cartridge(tmp_path):
    target = tmp_path / "out" / "course.imscc"
    result = CliRunner().invoke(main, ["export", "cartridge", "--course", "--path", str(FIXTURE_COURSE),
                                       "--tool-url", TOOL + "/", "--lang", "es", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "course.imscc" in result.output
    cartridge = open_cartridge(target.read_bytes())
    link = cartridge.descriptor(cartridge.resources("imsbasiclti_xmlv1p0")[0])
    assert link.findtext("blti:launch_url", namespaces=NS).startswith(TOOL + "/lti/launch?item=")


def test_command_explains_bad_input(tmp_path):
    runner = CliRunner(env={"FIELDSCHOOL_BASE_URL": None})
    cases = [
        (["--course"], "Missing option '--tool-url'"),
        (["--course", "--tool-url", "fieldschool.example.org"], "is not the tool's address"),
        (["--course", "--module", "sample", "--tool-url", TOOL], "exactly one of --module ID or --course"),
        (["--module", "nope", "--tool-url", TOOL], "no module 'nope'"),
    ]
    for args, message in cases:
        result = runner.invoke(main, ["export", "cartridge", "--path", str(FIXTURE_COURSE),
                                      "-o", str(tmp_path / "x.imscc"), *args])
        assert result.exit_code == 2 and message in result.output, (args, result.output)


def test_command_o_names_a_folder_as_every_export_format_does(tmp_path):
    folder = tmp_path / "cartridges"
    result = CliRunner().invoke(main, ["export", "cartridge", "--module", "sample", "--path", str(FIXTURE_COURSE),
                                       "--tool-url", TOOL, "-o", str(folder)])
    assert result.exit_code == 0, result.output
    [written] = folder.iterdir()
    assert written.suffix == ".imscc" and str(written) in result.output
    assert open_cartridge(written.read_bytes()).resources("imsbasiclti_xmlv1p0")
