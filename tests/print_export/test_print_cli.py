"""``fieldschool export print``: the command the print channel adds to the core's ``export`` group."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from curriculum.cli import main
from print_export import build


def test_export_print_writes_the_module_and_its_guide(tmp_path):
    result = CliRunner().invoke(main, ["export", "print", "--module", "governance", "--lang", "es",
                                       "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["01-governance-guide.es.pdf", "01-governance.es.pdf"]
    assert PdfReader(tmp_path / "01-governance.es.pdf").trailer["/Root"]["/Lang"] == "es"


def test_export_print_needs_one_of_module_or_all(tmp_path):
    result = CliRunner().invoke(main, ["export", "print", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "choose exactly one of --module ID or --all" in result.output


def test_export_print_names_the_modules_when_the_id_is_wrong(tmp_path):
    result = CliRunner().invoke(main, ["export", "print", "--module", "nope", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "no module 'nope' in the curriculum; the modules are: experiences, governance" in result.output


def test_export_print_o_names_a_folder_and_not_a_file_when_several_pdfs_result(tmp_path, monkeypatch):
    def never(html: str) -> bytes:
        raise AssertionError("printed before the options were checked")

    monkeypatch.setattr(build, "render_pdf", never)  # refused at once, before seconds of printing
    result = CliRunner().invoke(main, ["export", "print", "--module", "governance", "--lang", "es",
                                       "-o", str(tmp_path / "governance.pdf")])
    assert result.exit_code == 2
    assert "this export writes 2 files, so -o names a folder" in result.output
    assert list(tmp_path.iterdir()) == []


def test_export_print_o_names_the_pdf_where_one_results(tmp_path):
    fixture = Path(__file__).parents[1] / "curriculum" / "fixtures" / "good"  # a module without a guide
    target = tmp_path / "handout.pdf"
    result = CliRunner().invoke(main, ["export", "print", "--module", "sample", "--lang", "en", "--path",
                                       str(fixture), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert list(tmp_path.iterdir()) == [target]
    assert PdfReader(target).trailer["/Root"]["/Lang"] == "en"
