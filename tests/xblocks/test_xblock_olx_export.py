"""`fieldschool export olx`: the course tarball has Studio's layout, and every block element of its verticals is
imported by the block class's own ``parse_xml`` (as Studio's import does) into a block that shows its curriculum
item with the course team's settings, even where the runtime offers no other file of the course."""

import json
import tarfile
from pathlib import Path
from xml.sax.saxutils import escape

from click.testing import CliRunner
from lxml import etree

from curriculum.cli import main
from xblocks.cli import export_olx
from xblocks.olx_export import ADVANCED_MODULES

CUSTOM_QUESTIONS = """- id: own
  type: short_text
  prompt: Name the central axis & its <role>.
  accepted: [eje]
  explanation: The eje.
  feedback: {correct: Yes., incorrect: No.}
"""
CUSTOM_RUBRIC = """- id: depth
  title: Depth
  levels:
    - {points: 0, label: Shallow, descriptor: Stays on the surface.}
    - {points: 4, label: Deep, descriptor: Goes to causes.}
"""


class CourseFiles:
    """What edx-platform's course import offers blocks as ``runtime.resources_fs`` (a pyfilesystem over the course
    folder), reduced to the one call the blocks make."""

    def __init__(self, root: Path):
        self.root = root

    def open(self, path: str, mode: str = "r"):
        return (self.root / path).open(mode)


def _extract(tarball: Path, into: Path) -> Path:
    with tarfile.open(tarball) as tar:
        tar.extractall(into, filter="data")
    return into / "course"


def _block_elements(root: Path) -> list[etree._Element]:
    """Every block element found in the verticals, in course order, as Studio's import meets them."""
    return [child for path in sorted((root / "vertical").glob("*.xml"))
            for child in etree.parse(str(path)).getroot() if isinstance(child.tag, str)]


def test_every_block_of_the_export_imports_inline_with_its_settings(tmp_path, fixture_course, import_element,
                                                                      learner):
    settings = tmp_path / "settings.yaml"
    settings.write_text(json.dumps({
        "sample.assessment": {"attempts_allowed": 2, "custom_questions": CUSTOM_QUESTIONS},
        "sample.exercise": {"peer_reviews": 1, "custom_rubric": CUSTOM_RUBRIC},
    }))
    out = tmp_path / "course.tar.gz"
    result = CliRunner().invoke(main, ["export", "olx", "--output", str(out), "--path", str(fixture_course),
                                       "--lang", "es", "--settings", str(settings)])
    assert result.exit_code == 0, result.output
    root = _extract(out, tmp_path / "x")
    elements = _block_elements(root)
    assert sorted(e.tag for e in elements) == sorted(ADVANCED_MODULES)
    assert not any((root / tag).exists() for tag in ADVANCED_MODULES)  # no definition files to point at

    for element in elements:
        block = learner(import_element(element)).block  # a runtime that cannot open any other file
        item = block.curriculum_item()
        assert item is not None, etree.tostring(element)
        assert block.item_id.startswith("sample.") and block.language == "es"
        assert block.display_name == block.curriculum_item("es").title  # the export's language
        assert block.validate().empty
        if element.tag == "fieldschool_assessment":
            assert block.attempts_allowed == 2
            assert [q.id for q in item.questions] == ["own"]
            assert block.custom_questions == CUSTOM_QUESTIONS
        if element.tag == "fieldschool_peer_exercise":
            assert block.peer_reviews == 1
            assert [c.id for c in item.rubric.criteria] == ["depth"] and block.max_score() == 4.0


def test_a_setting_the_block_does_not_have_is_refused(tmp_path, fixture_course):
    settings = tmp_path / "settings.yaml"
    settings.write_text("sample.assessment: {maximum_tries: 3}\n")
    result = CliRunner().invoke(main, ["export", "olx", "--output", str(tmp_path / "c.tar.gz"), "--path",
                                       str(fixture_course), "--settings", str(settings)])
    assert result.exit_code == 1 and "maximum_tries" in result.output


POINTER_DEFINITION = ('<fieldschool_assessment xmlns:option="http://code.edx.org/xblock/option" '
                      'display_name="Quiz" item_id="sample.assessment" language="es" max_attempts="3">'
                      f"<option:custom_questions>{escape(CUSTOM_QUESTIONS)}</option:custom_questions>"
                      "</fieldschool_assessment>")


def test_a_pointer_tag_from_an_older_export_is_followed_where_the_course_files_are_offered(
        tmp_path, import_element, learner):
    (tmp_path / "fieldschool_assessment").mkdir()
    (tmp_path / "fieldschool_assessment" / "quiz_1.xml").write_text(POINTER_DEFINITION)
    pointer = etree.fromstring('<fieldschool_assessment url_name="quiz_1"/>')

    block = learner(import_element(pointer, resources_fs=CourseFiles(tmp_path))).block

    assert (block.display_name, block.item_id, block.language, block.attempts_allowed) == \
        ("Quiz", "sample.assessment", "es", 3)
    assert [q.id for q in block.curriculum_item().questions] == ["own"]


def test_a_pointer_tag_without_course_files_imports_an_unconfigured_block_that_studio_flags(
        import_element, learner):
    block = learner(import_element(etree.fromstring('<fieldschool_assessment url_name="quiz_1"/>'))).block
    assert block.item_id == "" and not block.validate().empty


def test_the_tarball_has_studios_layout(tmp_path, make_block, learner, fixture_course):
    out = tmp_path / "course.tar.gz"
    result = CliRunner().invoke(main, ["export", "olx", "--output", str(out), "--path", str(fixture_course),
                                       "--lang", "es"])  # through the core's `fieldschool export` group
    assert result.exit_code == 0, result.output
    with tarfile.open(out) as tar:
        tar.extractall(tmp_path / "x", filter="data")
    root = tmp_path / "x" / "course"

    pointer = etree.parse(str(root / "course.xml")).getroot()
    assert pointer.tag == "course" and pointer.get("org") == "FieldSchool"
    run = pointer.get("url_name")
    course = etree.parse(str(root / "course" / f"{run}.xml")).getroot()
    assert course.get("display_name") and course.get("language") == "es"
    policy = json.loads((root / "policies" / run / "policy.json").read_text())
    assert policy[f"course/{run}"]["advanced_modules"] == ADVANCED_MODULES
    grading = json.loads((root / "policies" / run / "grading_policy.json").read_text())
    assert grading["GRADER"][0]["type"]

    blocks = []
    for chapter_ref in course.findall("chapter"):
        chapter = etree.parse(str(root / "chapter" / f"{chapter_ref.get('url_name')}.xml")).getroot()
        assert chapter.get("display_name") == "Módulo de prueba"
        for seq_ref in chapter.findall("sequential"):
            seq = etree.parse(str(root / "sequential" / f"{seq_ref.get('url_name')}.xml")).getroot()
            assert seq.get("graded") == "true"
            for unit_ref in seq.findall("vertical"):
                unit = etree.parse(str(root / "vertical" / f"{unit_ref.get('url_name')}.xml")).getroot()
                blocks.extend(unit)
    assert sorted(b.tag for b in blocks) == sorted(ADVANCED_MODULES)
    assert all(b.get("url_name") for b in blocks)


def test_a_broken_curriculum_is_refused(tmp_path):
    result = CliRunner().invoke(export_olx, ["--output", str(tmp_path / "x.tar.gz"), "--path", str(tmp_path)])
    assert result.exit_code == 1 and "problems" in result.output


def test_the_shipped_curriculum_exports_and_every_block_shows_its_item(tmp_path, import_element, learner,
                                                                        monkeypatch):
    from curriculum import default_course
    from curriculum.loader import DEFAULT_CONTENT
    from xblocks.olx_export import build_files

    monkeypatch.delenv("FIELDSCHOOL_CURRICULUM")
    course = default_course(DEFAULT_CONTENT)
    files = build_files(course)
    elements = [child for path, xml in files.items() if path.startswith("vertical/")
                for child in etree.fromstring(xml)]
    assert len(elements) == sum(len(m.item_ids) for m in course.modules)
    for element in elements:
        usage_id = import_element(element)
        assert learner(usage_id).block.curriculum_item() is not None, element.get("item_id")
        assert "not available" not in learner(usage_id).render(), element.get("item_id")


def test_o_names_a_folder_as_every_export_format_does_or_the_tarball(tmp_path, fixture_course):
    folder = tmp_path / "exports"
    result = CliRunner().invoke(main, ["export", "olx", "-o", str(folder), "--path", str(fixture_course),
                                       "--lang", "es", "--number", "FS7"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in folder.iterdir()] == ["FieldSchool-FS7-course-es.tar.gz"]
    assert "course/course.xml" in tarfile.open(folder / "FieldSchool-FS7-course-es.tar.gz").getnames()
    named = CliRunner().invoke(main, ["export", "olx", "-o", str(tmp_path / "mine.tgz"), "--path",
                                      str(fixture_course)])
    assert named.exit_code == 0, named.output
    assert "course/course.xml" in tarfile.open(tmp_path / "mine.tgz").getnames()
    wrong = CliRunner().invoke(main, ["export", "olx", "-o", str(tmp_path / "course.zip"), "--path",
                                      str(fixture_course)])
    assert wrong.exit_code == 2 and "this format writes .tar.gz or .tgz files" in wrong.output
