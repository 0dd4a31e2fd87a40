"""The Cup in the tool: rounds, nominations, jurors and their assignments, scores, results, confirmation, CSV.

The rules are the core's (:mod:`curriculum.experiences.jury`); this module stores and fetches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from curriculum.experiences.jury import Party, RankedEntry, allocate_jurors, jury_rubric, rank_entries
from curriculum.experiences.workflow import Status
from curriculum.model import Rubric
from curriculum.problems import ContentError
from curriculum.rubrics import validate_review

from ..extensions import db
from ..models import utcnow
from ..services.roster import PeopleNames, people_names
from ..services.spreadsheet import csv_text
from .models import CupEntry, CupJuror, CupRound, CupScore, LibraryExperience

ENTERABLE = (Status.SUBMITTED.value, Status.REVIEWED.value, Status.PUBLISHED.value)
UNREADABLE = (Status.DRAFT.value, Status.WITHDRAWN.value)  # a draft's files are its author's alone
CHECKLIST = ("visit", "interviews", "video_links", "case_written")


class CupError(ValueError):
    """Something the Cup's rules do not allow; the message says what to do."""


def open_round(year: int, closes_at: datetime, rubric_item: str | None = None, jurors_per_entry: int = 3,
               exclude_country: bool = False, course=None) -> CupRound:
    """Open a round. Caller commits."""
    if db.session.scalar(select(CupRound.id).filter_by(year=year)) is not None:
        raise CupError(_l("The %(year)s Cup is already open.", year=year))
    if jurors_per_entry < 1:
        raise CupError(_l("Each entry needs at least one juror."))
    try:
        jury_rubric("en", rubric_item or None, course)
    except ContentError as exc:
        raise CupError(_l("“%(item)s” is not a peer exercise of the curriculum: its rubric cannot be used.",
                          item=rubric_item)) from exc
    row = CupRound(year=year, closes_at=closes_at, rubric_item=rubric_item or None,
                   jurors_per_entry=jurors_per_entry, exclude_country=exclude_country)
    db.session.add(row)
    db.session.flush()
    return row


def rounds() -> list[CupRound]:
    return db.session.scalars(select(CupRound).order_by(CupRound.year.desc())).all()


def open_rounds(now: datetime | None = None) -> list[CupRound]:
    now = now or utcnow()
    return [r for r in rounds() if r.status == "open" and r.closes_at > now]


def rubric_of(round_: CupRound, language: str = "en", course=None) -> Rubric:
    return jury_rubric(language, round_.rubric_item, course)


def nominate(round_: CupRound, experience: LibraryExperience, by_user: int | None,
             now: datetime | None = None) -> CupEntry:
    """Enter an experience (submitted or further on, not withdrawn) before the round closes. Caller commits."""
    if round_.status != "open" or round_.closes_at <= (now or utcnow()):
        raise CupError(_l("The %(year)s Cup is closed to new entries.", year=round_.year))
    if experience.status not in ENTERABLE:
        raise CupError(_l("Only submitted experiences can enter the Cup."))
    found = db.session.scalars(select(CupEntry).filter_by(round_id=round_.id, experience_id=experience.id)).first()
    if found is not None:
        return found
    entry = CupEntry(round_id=round_.id, experience_id=experience.id, nominated_by_id=by_user)
    db.session.add(entry)
    db.session.flush()
    return entry


def course_experiences(context_id: int | None) -> list[LibraryExperience]:
    """Experiences written in a course's links and submitted (or further on): what its instructors may enter."""
    if context_id is None:
        return []
    from ..models import ResourceLink

    return db.session.scalars(
        select(LibraryExperience).join(ResourceLink, ResourceLink.id == LibraryExperience.resource_link_id)
        .where(ResourceLink.context_id == context_id, LibraryExperience.status.in_(ENTERABLE))
        .order_by(LibraryExperience.id)).all()


def close_now(round_: CupRound) -> None:
    if round_.closes_at > utcnow():
        round_.closes_at = utcnow()


def add_juror(round_: CupRound, user_id: int, organisation: str, country: str) -> CupJuror:
    found = db.session.scalars(select(CupJuror).filter_by(round_id=round_.id, user_id=user_id)).first()
    if found is None:
        found = CupJuror(round_id=round_.id, user_id=user_id)
        db.session.add(found)
    found.organisation, found.country = organisation.strip()[:255], country.strip()[:128]
    db.session.flush()
    return found


def entries_of(round_: CupRound) -> list[tuple[CupEntry, LibraryExperience]]:
    return db.session.execute(
        select(CupEntry, LibraryExperience).join(LibraryExperience, LibraryExperience.id == CupEntry.experience_id)
        .where(CupEntry.round_id == round_.id).order_by(CupEntry.id)).all()


def jurors_of(round_: CupRound) -> list[CupJuror]:
    return db.session.scalars(select(CupJuror).filter_by(round_id=round_.id).order_by(CupJuror.id)).all()


def assign_jurors(round_: CupRound, now: datetime | None = None) -> int:
    """Allocate entries to jurors once the round has closed (again after adding jurors). Caller commits."""
    if round_.closes_at > (now or utcnow()):
        raise CupError(_l("Jurors are assigned when the round has closed."))
    entries = entries_of(round_)
    jurors = jurors_of(round_)
    existing = db.session.execute(select(CupScore.juror_id, CupScore.entry_id).join(
        CupEntry, CupEntry.id == CupScore.entry_id).where(CupEntry.round_id == round_.id)).all()
    pairs = allocate_jurors(
        [Party(entry.id, exp.organisation, exp.country, order=entry.id) for entry, exp in entries],
        [Party(j.id, j.organisation, j.country) for j in jurors], round_.jurors_per_entry,
        exclude_country=round_.exclude_country, existing=[tuple(p) for p in existing], seed=round_.year)
    for juror_id, entry_id in pairs:
        db.session.add(CupScore(entry_id=entry_id, juror_id=juror_id))
    db.session.flush()
    return len(pairs)


def juror_rows(user_id: int) -> list[tuple[CupScore, CupEntry, LibraryExperience, CupRound]]:
    """A juror's assignments, in every round."""
    return db.session.execute(
        select(CupScore, CupEntry, LibraryExperience, CupRound)
        .join(CupJuror, CupJuror.id == CupScore.juror_id).join(CupEntry, CupEntry.id == CupScore.entry_id)
        .join(LibraryExperience, LibraryExperience.id == CupEntry.experience_id)
        .join(CupRound, CupRound.id == CupEntry.round_id)
        .where(CupJuror.user_id == user_id).order_by(CupRound.year.desc(), CupScore.id)).all()


def assignment_for(user_id: int, score_id: int):
    """One of this juror's assignments, or None (other jurors' scores are nobody else's business)."""
    return next((row for row in juror_rows(user_id) if row[0].id == score_id), None)


def juror_may_read(user_id: int, experience_id: int) -> bool:
    """Whether this user, as a juror, may open the photos and documents of experience ``experience_id``: assigned to
    score it (or a translation of it: files belong to the original) in a round whose results are not confirmed yet,
    and never while it is a draft or withdrawn."""
    original = db.session.get(LibraryExperience, experience_id)
    if original is None or original.status in UNREADABLE:
        return False
    return any(round_.status == "open" and experience.status not in UNREADABLE
               and experience_id in (experience.id, experience.translation_of_id)
               for _score, _entry, experience, round_ in juror_rows(user_id))


def record_score(score: CupScore, rubric: Rubric, levels: dict[str, int], comment: str,
                 round_: CupRound) -> None:
    """Store a juror's levels (checked by the core) and comment. Caller commits."""
    if round_.status == "confirmed":
        raise CupError(_l("The results are confirmed: scores can no longer change."))
    validate_review(rubric, levels)
    score.levels, score.comment, score.scored_at = json.dumps(levels), comment.strip(), utcnow()


@dataclass
class ResultRow:
    entry: CupEntry
    experience: LibraryExperience
    ranked: RankedEntry
    scored: int
    assigned: int
    juror_users: list[int] = field(default_factory=list)  # the tool users assigned to score it


def results(round_: CupRound, course=None) -> list[ResultRow]:
    """The ranking by the core's aggregation and tie-break, with how many jurors have scored each entry."""
    rubric = rubric_of(round_, course=course)
    entries = entries_of(round_)
    scores = db.session.scalars(select(CupScore).where(CupScore.entry_id.in_([e.id for e, _ in entries]))).all()
    by_entry: dict[int, list[dict[str, int]]] = {e.id: [] for e, _ in entries}
    assigned: dict[int, int] = {e.id: 0 for e, _ in entries}
    juror_user = {j.id: j.user_id for j in jurors_of(round_)}
    juror_users: dict[int, list[int]] = {e.id: [] for e, _ in entries}
    for score in scores:
        assigned[score.entry_id] += 1
        juror_users[score.entry_id].append(juror_user[score.juror_id])
        if score.levels:
            by_entry[score.entry_id].append(score.level_map())
    ranked = rank_entries(rubric, by_entry, {e.id: float(e.id) for e, _ in entries})
    lookup = {e.id: (e, x) for e, x in entries}
    return [ResultRow(lookup[r.entry_id][0], lookup[r.entry_id][1], r, len(by_entry[r.entry_id]),
                      assigned[r.entry_id], juror_users[r.entry_id]) for r in ranked]


def people_of(rows: list[ResultRow], jurors: list[CupJuror] = ()) -> PeopleNames:
    """The names of a round's authors and jurors from the platforms' rosters (NRPS), for its organisers."""
    return people_names([r.experience.author_id for r in rows] + [u for r in rows for u in r.juror_users]
                        + [j.user_id for j in jurors])


def name_for(user_id: int | None) -> str:
    """How the tool addresses someone in its notices: their name on their course's roster, else their launch's."""
    return people_names([user_id]).name(user_id) if user_id is not None else ""


def confirm(round_: CupRound, winners: list[int], shortlist: list[int]) -> None:
    """The organiser's decision: winners in order of place, and a shortlist. Caller commits."""
    if round_.status == "confirmed":
        raise CupError(_l("The results are already confirmed."))
    if not winners:
        raise CupError(_l("Choose at least one winner."))
    if len(set(winners)) != len(winners) or set(winners) & set(shortlist):
        raise CupError(_l("An entry is either a winner (once) or shortlisted."))
    entries = {e.id: (e, x) for e, x in entries_of(round_)}
    if not set(winners) | set(shortlist) <= set(entries):
        raise CupError(_l("Choose entries of this round."))
    for place, entry_id in enumerate(winners, start=1):
        entry, experience = entries[entry_id]
        entry.result, entry.place = "winner", place
        experience.cup_year, experience.cup_place = round_.year, place
        experience.checklist = json.dumps({key: False for key in CHECKLIST} | {"video_links": ""})
    for entry_id in shortlist:
        entries[entry_id][0].result = "shortlisted"
    round_.status, round_.confirmed_at = "confirmed", utcnow()


def update_checklist(experience: LibraryExperience, done: set[str], video_links: str) -> None:
    """The full systematisation of a winner: what is done. Caller commits."""
    if experience.cup_place is None:
        raise CupError(_l("Only winners get a full systematisation."))
    experience.checklist = json.dumps({key: key in done for key in CHECKLIST if key != "video_links"}
                                      | {"video_links": video_links.strip()})


def notices_for(author_id: int) -> list[tuple[CupRound, CupEntry, LibraryExperience]]:
    """The author's Cup entries with their results (shown in the tool: no email needed)."""
    return db.session.execute(
        select(CupRound, CupEntry, LibraryExperience).join(CupEntry, CupEntry.round_id == CupRound.id)
        .join(LibraryExperience, LibraryExperience.id == CupEntry.experience_id)
        .where(LibraryExperience.author_id == author_id).order_by(CupRound.year.desc())).all()


def results_csv(round_: CupRound, course=None) -> str:
    """The results as CSV, with the authors' and jurors' names from the rosters (and where the names came from)."""
    rubric = rubric_of(round_, course=course)
    header = ["rank", "entry", "experience", "title", "organisation", "country", "author", "result", "place",
              "points", "max_points", *[c.id for c in rubric.criteria], "jurors_scored", "jurors_assigned",
              "disagreement", "jurors", "names_from"]
    rows = []
    found = results(round_, course)
    people = people_of(found)
    names_from = people.source.kind + (f": {people.source.reason}" if people.source.reason else "")
    for row in found:
        grade = row.ranked.grade
        rows.append([
            row.ranked.rank or "", row.entry.id, row.experience.id, row.experience.title, row.experience.organisation,
            row.experience.country, people.name(row.experience.author_id), row.entry.result, row.entry.place or "",
            grade.points if grade else "", rubric.max_points,
            *[grade.criteria[c.id] if grade else "" for c in rubric.criteria], row.scored, row.assigned,
            ("yes" if grade.disagreement else "no") if grade else "",
            "; ".join(people.name(u) for u in row.juror_users), names_from])
    return csv_text(header, rows)
