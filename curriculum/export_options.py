"""The option conventions every ``fieldschool export`` format shares, in one place.

Package formats live in the channels (``scorm_export``, ``xblocks``, ``cartridge_export``, ``print_export``) and
attach their click commands to the core's ``export`` group; they take these options from here, so ``-o`` means the
same for every format:

- ``-o/--output PATH`` names a **folder**: the export writes its file(s) there under their own names, creating the
  folder when missing. Where the export results in **one file**, ``PATH`` may instead name that file, told apart by
  the format's suffix (``.zip``, ``.tar.gz``, ``.imscc``, ``.pdf``); an existing folder is always a folder.
- Without ``-o`` the files go to ``dist/<format>/``.
- ``--path`` is the curriculum folder (default: the shipped curriculum), ``--lang`` the language.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from .languages import short_language
from .model import Course

F = TypeVar("F", bound=Callable[..., Any])
DIST = Path("dist")
# Every format's file suffix: a path ending in one of these names a file, never a folder.
FILE_SUFFIXES: tuple[str, ...] = (".zip", ".tar.gz", ".tgz", ".imscc", ".pdf")


def output_option(fmt: str, suffixes: Sequence[str]) -> Callable[[F], F]:
    """``-o/--output``: a folder for every format, or the one file (ending in ``suffixes``) where one results."""
    kinds = " or ".join(suffixes)
    return click.option("-o", "--output", type=click.Path(), default=None,
                        help=f"Folder to write to (default: {DIST / fmt}); or, where one file results, that "
                             f"{kinds} file.")


def path_option(f: F) -> F:
    """``--path``: the curriculum folder to export (default: the shipped curriculum)."""
    return click.option("--path", type=click.Path(file_okay=False), default=None, help="Curriculum folder.")(f)


def _names_a_file(path: Path, suffixes: Sequence[str]) -> bool:
    if path.is_dir():
        return False
    name = path.name.lower()
    if any(name.endswith(s) for s in suffixes):
        return True
    for other in FILE_SUFFIXES:
        if name.endswith(other):
            raise click.UsageError(f"-o {path}: this format writes {' or '.join(suffixes)} files; name such a file "
                                   "or a folder")
    return False


def targets(output: str | None, fmt: str, suffixes: Sequence[str], filenames: Sequence[str]) -> list[Path]:
    """Where each of ``filenames`` is written under the shared ``-o`` convention (parent folders are created).

    A UsageError when ``-o`` names a file but several files result, or names an existing file as a folder."""
    folder = DIST / fmt if output is None else Path(output)
    if output is not None and _names_a_file(folder, suffixes):
        if len(filenames) != 1:
            raise click.UsageError(f"-o {output}: this export writes {len(filenames)} files, so -o names a folder")
        folder.parent.mkdir(parents=True, exist_ok=True)
        return [folder]
    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"-o {output}: a file is there; -o names a folder (or a {' or '.join(suffixes)} file)")
    folder.mkdir(parents=True, exist_ok=True)
    return [folder / name for name in filenames]


def write_files(output: str | None, fmt: str, suffixes: Sequence[str],
                files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write ``(filename, data)`` pairs where the ``-o`` convention puts them; return the paths written."""
    paths = targets(output, fmt, suffixes, [name for name, _data in files])
    for path, (_name, data) in zip(paths, files, strict=True):
        path.write_bytes(data)
    return paths


def course_to_export(course: Course, lang: str | None, *, empty: str | None = None) -> Course:
    """The checks every format makes before exporting: a note when no module is written in ``lang`` (texts fall back
    to the source language), and exit 1 with ``empty`` when the curriculum has no modules."""
    if empty is not None and not course.modules:
        click.echo(empty, err=True)
        sys.exit(1)
    if lang and short_language(lang) not in course.languages:
        click.echo(f"note: no module is written in '{lang}'; texts fall back to '{course.source_language}'.",
                   err=True)
    return course
