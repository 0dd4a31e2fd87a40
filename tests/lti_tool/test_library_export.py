"""``fieldschool library export``: a published experience becomes a case-study file that ``fieldschool validate``
accepts and ``fieldschool export scorm`` packages; drafts and "jury only" experiences never leave the tool."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner
from lti_library_helpers import el_progreso, published_experience, user

from curriculum.cli import main as fieldschool
from lti_tool.extensions import db
from lti_tool.library import experiences

GOOD = Path(__file__).parents[1] / "curriculum" / "fixtures" / "good"


def test_export_one_published_experience_as_a_case_file(app, runner, tmp_path):
    with app.app_context():
        exp_id = published_experience()
    target = tmp_path / "case.en.md"
    result = runner.invoke(args=["library", "export", str(exp_id), "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\n") and f"id: library.exp-{exp_id}" in text and "type: case_study" in text
    assert "## Results {#results}" in text and "members: 1120" in text


def test_export_all_published_then_validate_and_package_as_scorm(app, runner, tmp_path, monkeypatch):
    with app.app_context():
        first = published_experience(title="El Progreso: payments within a week")
        second = published_experience(title="Second cooperative", licence="jury-only")
        author = user("drafter")
        experiences.start(author.id, None, "en", el_progreso(title="Only a draft"))
        db.session.commit()
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    result = runner.invoke(args=["library", "export", "--all", "--status", "published", "-o",
                                 str(content / "90-library")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (content / "90-library").iterdir())
    assert names == [f"exp-{first}.en.md", "module.en.md"]  # neither the jury-only one nor the draft
    monkeypatch.chdir(tmp_path)
    validated = CliRunner().invoke(fieldschool, ["validate", str(content)])
    assert validated.exit_code == 0, validated.output
    packaged = CliRunner().invoke(fieldschool, ["export", "scorm", "--module", "library", "--path", str(content),
                                                "-o", str(tmp_path / "scorm")])
    assert packaged.exit_code == 0, packaged.output
    package = next((tmp_path / "scorm").glob("*.zip"))
    with zipfile.ZipFile(package) as archive:
        pages = " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".html"))
    assert "El Progreso: payments within a week" in pages
    assert second != first


def test_a_draft_or_jury_only_experience_is_refused_by_export(app, runner, tmp_path):
    with app.app_context():
        author = user("someone")
        draft = experiences.start(author.id, None, "en", el_progreso())
        db.session.commit()
        draft_id = draft.id
        jury_only = published_experience(licence="jury-only")
    for exp_id in (draft_id, jury_only):
        result = runner.invoke(args=["library", "export", str(exp_id), "-o", str(tmp_path / "x.md")])
        assert result.exit_code == 1 and "cannot be exported" in result.output
    assert not (tmp_path / "x.md").exists()
    assert runner.invoke(args=["library", "export", "999"]).exit_code == 1


def test_editors_add_makes_a_user_an_editor(app, runner):
    with app.app_context():
        person = user("ed", name="Edith", email="edith@example.org")
        db.session.commit()
        person_id = person.id
        assert not experiences.is_editor(person_id)
    result = runner.invoke(args=["library", "editors", "add", "edith@example.org"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert experiences.is_editor(person_id)
    assert "Edith" in runner.invoke(args=["library", "editors", "list"]).output
    assert runner.invoke(args=["library", "editors", "add", "nobody@example.org"]).exit_code == 1
