"""The one ``-o`` convention every ``fieldschool export`` format uses: a folder, or the one file where one results."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from curriculum.export_options import targets, write_files

ZIP = (".zip",)


def test_without_o_files_go_to_the_formats_folder_under_dist(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert targets(None, "scorm", ZIP, ["a.zip", "b.zip"]) == [Path("dist/scorm/a.zip"), Path("dist/scorm/b.zip")]
    assert (tmp_path / "dist" / "scorm").is_dir()


def test_o_names_a_folder_created_when_missing(tmp_path):
    folder = tmp_path / "out" / "packages"
    written = write_files(str(folder), "scorm", ZIP, [("a.zip", b"A"), ("b.zip", b"B")])
    assert written == [folder / "a.zip", folder / "b.zip"]
    assert (folder / "b.zip").read_bytes() == b"B"


def test_o_names_the_file_when_one_file_results(tmp_path):
    target = tmp_path / "new" / "mine.zip"
    assert write_files(str(target), "scorm", ZIP, [("generated-name.zip", b"A")]) == [target]
    assert target.read_bytes() == b"A" and not (target.parent / "generated-name.zip").exists()


def test_an_existing_folder_is_a_folder_whatever_its_name(tmp_path):
    folder = tmp_path / "looks-like.zip"
    folder.mkdir()
    assert targets(str(folder), "scorm", ZIP, ["a.zip"]) == [folder / "a.zip"]


@pytest.mark.parametrize("name, names, message", [
    ("two.zip", ["a.zip", "b.zip"], "writes 2 files, so -o names a folder"),
    ("course.imscc", ["a.zip"], "this format writes .zip files"),
    ("course.tar.gz", ["a.zip"], "this format writes .zip files"),
])
def test_a_file_name_that_cannot_hold_the_export_is_refused(tmp_path, name, names, message):
    with pytest.raises(click.UsageError, match=message):
        targets(str(tmp_path / name), "scorm", ZIP, names)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_not_taken_for_a_folder(tmp_path):
    (tmp_path / "notes").write_text("mine")
    with pytest.raises(click.UsageError, match="a file is there"):
        targets(str(tmp_path / "notes"), "scorm", ZIP, ["a.zip"])
    assert (tmp_path / "notes").read_text() == "mine"
