"""``fieldschool export print``: the command the print channel adds to the core's ``export`` group."""

from __future__ import annotations

from click.testing import CliRunner
from pypdf import PdfReader

from curriculum.cli import main


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
