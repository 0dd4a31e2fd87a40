"""``fieldschool library …``: export published experiences as curriculum case-study files; name library editors."""

from __future__ import annotations

import sys
from pathlib import Path

import click


def _rows(ids: tuple[int, ...], all_: bool, status: str):
    from sqlalchemy import select

    from ..extensions import db
    from .models import LibraryExperience

    if all_:
        return db.session.scalars(select(LibraryExperience).filter_by(status=status)
                                  .order_by(LibraryExperience.id)).all()
    rows = []
    for exp_id in ids:
        row = db.session.get(LibraryExperience, exp_id)
        if row is None:
            click.echo(f"No experience {exp_id}: see the library's pages for the numbers.", err=True)
            sys.exit(1)
        rows.append(row)
    return rows


@click.group()
def library() -> None:
    """The experience library: export experiences as case-study files, manage its editors."""


@library.command("export")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "all_", is_flag=True, help="Every experience with the given status (as a module folder).")
@click.option("--status", type=click.Choice(["published"]), default="published", show_default=True,
              help="With --all: which experiences.")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="File for one experience (default: its file name here); folder for --all or several.")
def export(ids: tuple[int, ...], all_: bool, status: str, output: str | None) -> None:
    """Write published experiences as curriculum case-study files (Markdown + front matter).

    A translation's ID writes the original and the translation (two language variants of one item) to a folder.

    With --all (or several IDs) the folder becomes a module ('library') that can join a curriculum folder, e.g.
    ``fieldschool library export --all -o content/90-library && fieldschool validate content``.
    """
    from curriculum.experiences.casefile import library_module_text

    from ..cli import _app
    from . import experiences

    if not ids and not all_:
        raise click.UsageError("name an experience ID, or use --all")
    with _app().app_context():
        rows = _rows(ids, all_, status)
        refused = [row.id for row in rows if not experiences.exportable(row)]
        if refused and not all_:
            click.echo(f"Experience(s) {', '.join(map(str, refused))} cannot be exported: only published experiences "
                       "whose organisation consented (and not 'jury only') leave the tool.", err=True)
            sys.exit(1)
        chosen = [row for row in rows if experiences.exportable(row)]
        # A translation leaves with its original: together they are two language variants of one case study.
        originals = [experiences.original_of(row) for row in chosen if row.translation_of_id]
        chosen = list({row.id: row for row in [*originals, *chosen]}.values())
        files = [experiences.case_file(row) for row in chosen]
        item_ids = list(dict.fromkeys(experiences.item_id_of(row) for row in chosen))
        languages = sorted({name.rsplit(".", 2)[1] for name, _ in files} | {"en"})
    if len(files) == 1 and not all_ and len(ids) == 1:
        target = Path(output or files[0][0])
        if target.is_dir():
            target = target / files[0][0]
        target.write_text(files[0][1], encoding="utf-8")
        click.echo(f"Wrote {target}")
        return
    folder = Path(output or "library")
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files:
        (folder / name).write_text(text, encoding="utf-8")
    for language in languages:
        (folder / f"module.{language}.md").write_text(library_module_text(item_ids, language), encoding="utf-8")
    click.echo(f"Wrote {len(files)} experience(s) and the module file(s) to {folder}")


@library.group()
def editors() -> None:
    """Library editors: they return, review and publish experiences."""


def _user(who: str):
    from sqlalchemy import or_, select

    from ..extensions import db
    from ..models import LtiUser

    clauses = [LtiUser.email == who, LtiUser.sub == who]
    if who.isdigit():
        clauses.append(LtiUser.id == int(who))
    users = db.session.scalars(select(LtiUser).where(or_(*clauses))).all()
    if len(users) != 1:
        click.echo(f"{'No' if not users else 'More than one'} user matches '{who}': give the tool's user number, "
                   "an email or the platform's user id (the user must have launched the tool once).", err=True)
        sys.exit(1)
    return users[0]


@editors.command("add")
@click.argument("who")
def editors_add(who: str) -> None:
    """Make a user (tool user number, email or platform user id) a library editor."""
    from ..cli import _app
    from ..extensions import db
    from .models import LibraryEditor

    with _app().app_context():
        user = _user(who)
        if db.session.query(LibraryEditor).filter_by(user_id=user.id).first() is None:
            db.session.add(LibraryEditor(user_id=user.id))
            db.session.commit()
        click.echo(f"{user.name or user.email or user.sub} (user {user.id}) is a library editor.")


@editors.command("remove")
@click.argument("who")
def editors_remove(who: str) -> None:
    """Take a user's editor rights away (instructors of an editorial context keep theirs)."""
    from ..cli import _app
    from ..extensions import db
    from .models import LibraryEditor

    with _app().app_context():
        user = _user(who)
        db.session.query(LibraryEditor).filter_by(user_id=user.id).delete()
        db.session.commit()
        click.echo(f"User {user.id} is no longer a library editor.")


@editors.command("list")
def editors_list() -> None:
    """The editors named by hand, and the editorial contexts."""
    from ..cli import _app
    from ..extensions import db
    from ..models import LtiUser
    from .experiences import editorial_contexts
    from .models import LibraryEditor

    with _app().app_context():
        users = db.session.query(LtiUser).join(LibraryEditor, LtiUser.id == LibraryEditor.user_id).order_by(LtiUser.id)
        for user in users:
            click.echo(f"{user.id}\t{user.name}\t{user.email}")
        click.echo("Editorial contexts: " + (", ".join(editorial_contexts()) or "none (LIBRARY_EDITORIAL_CONTEXTS)"))


@click.group()
def cup() -> None:
    """The yearly Cup of excellent experiences: open a round, name its jurors, follow it."""


@cup.command("open")
@click.option("--year", type=int, required=True, help="The Cup's year, e.g. 2027.")
@click.option("--closes", type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M"]), required=True,
              help="Last day for entries (UTC), e.g. 2027-06-30.")
@click.option("--rubric", "rubric_item", default=None,
              help="A peer exercise of the curriculum whose rubric the jury uses (default: the shipped jury rubric).")
@click.option("--jurors-per-entry", type=click.IntRange(1, 20), default=3, show_default=True)
@click.option("--exclude-country", is_flag=True, help="Jurors never score entries from their own country.")
def cup_open(year: int, closes, rubric_item: str | None, jurors_per_entry: int, exclude_country: bool) -> None:
    """Open a round of the Cup."""
    from datetime import time

    from ..cli import _app
    from ..extensions import db
    from ..services.course import get_course
    from . import cup as cups

    if closes.time() == time(0, 0):
        closes = closes.replace(hour=23, minute=59)  # a date means the whole day
    with _app().app_context():
        try:
            round_ = cups.open_round(year, closes, rubric_item, jurors_per_entry, exclude_country, get_course())
        except cups.CupError as exc:
            click.echo(f"Cannot open the Cup: {exc}", err=True)
            sys.exit(1)
        db.session.commit()
        click.echo(f"The {round_.year} Cup is open until {round_.closes_at:%Y-%m-%d %H:%M} UTC "
                   f"({round_.jurors_per_entry} jurors per entry, rubric: {round_.rubric_item or 'the jury rubric'}).")


@cup.command("juror")
@click.option("--year", type=int, required=True)
@click.argument("who")
@click.option("--organisation", default="", help="The juror's organisation (they never score its entries).")
@click.option("--country", default="", help="The juror's country (excluded if the round says so).")
def cup_juror(year: int, who: str, organisation: str, country: str) -> None:
    """Make a user (tool user number, email or platform user id) a juror of a round."""
    from sqlalchemy import select

    from ..cli import _app
    from ..extensions import db
    from . import cup as cups
    from .models import CupRound

    with _app().app_context():
        round_ = db.session.scalars(select(CupRound).filter_by(year=year)).first()
        if round_ is None:
            click.echo(f"No {year} Cup: open it with 'fieldschool cup open'.", err=True)
            sys.exit(1)
        user = _user(who)
        cups.add_juror(round_, user.id, organisation, country)
        db.session.commit()
        click.echo(f"User {user.id} is a juror of the {year} Cup.")


@cup.command("status")
def cup_status() -> None:
    """Every round: entries, jurors, scores."""
    from ..cli import _app
    from . import cup as cups

    with _app().app_context():
        for round_ in cups.rounds():
            rows = cups.results(round_)
            scored = sum(r.scored for r in rows)
            assigned = sum(r.assigned for r in rows)
            click.echo(f"{round_.year}: {round_.status}, closes {round_.closes_at:%Y-%m-%d}, {len(rows)} entries, "
                       f"{len(cups.jurors_of(round_))} jurors, {scored}/{assigned} scores")
