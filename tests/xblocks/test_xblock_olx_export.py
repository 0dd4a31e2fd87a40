"""`fieldschool export olx`: the course tarball has Studio's layout and every block in it parses through the
runtime into a block that shows its curriculum item."""

import json
import tarfile

from click.testing import CliRunner
from lxml import etree

from curriculum.cli import main
from xblocks.cli import export_olx
from xblocks.olx_export import ADVANCED_MODULES


def test_the_tarball_imports_block_by_block(tmp_path, make_block, learner, fixture_course):
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
                for child in unit:
                    blocks.append((root / child.tag / f"{child.get('url_name')}.xml").read_text())
    assert len(blocks) == 3
    for xml in blocks:
        block = learner(make_block(xml)).block
        assert block.curriculum_item() is not None, xml
        assert block.validate().empty
        assert block.language == "es"
    tags = sorted(etree.fromstring(x.encode()).tag for x in blocks)
    assert tags == sorted(ADVANCED_MODULES)


def test_a_broken_curriculum_is_refused(tmp_path):
    result = CliRunner().invoke(export_olx, ["--output", str(tmp_path / "x.tar.gz"), "--path", str(tmp_path)])
    assert result.exit_code == 1 and "problems" in result.output


def test_the_shipped_curriculum_exports_and_every_block_shows_its_item(tmp_path, make_block, learner,
                                                                        monkeypatch):
    from curriculum import default_course
    from curriculum.loader import DEFAULT_CONTENT
    from xblocks.olx_export import build_files

    monkeypatch.delenv("FIELDSCHOOL_CURRICULUM")
    course = default_course(DEFAULT_CONTENT)
    files = build_files(course)
    block_files = {p: x for p, x in files.items() if p.split("/")[0] in ADVANCED_MODULES}
    assert len(block_files) == sum(len(m.item_ids) for m in course.modules)
    for path, xml in block_files.items():
        block = learner(make_block(xml.decode())).block
        assert block.curriculum_item() is not None, path
        assert "not available" not in learner(block.scope_ids.usage_id).render(), path
