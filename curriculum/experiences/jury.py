"""The Cup's jury: its rubric, who scores which entry, and from scores to a ranking.

- The jury rubric ships beside this module (``jury/cup-jury.<lang>.md``, the peer exercises' rubric format, read by
  the curriculum's own builder); a round may use any peer exercise's rubric instead.
- Jurors are allocated with the peer allocation (balanced load, each entry scored by N jurors); a juror never scores
  an entry of their own organisation or, if so configured, of their own country.
- Scores are aggregated with the peer aggregation (median per criterion, disagreement flag).
- Ranking: :data:`TIE_BREAK_RULE`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..frontmatter import parse_markdown_file
from ..items import build_peer_exercise
from ..messages import N_, Message
from ..model import Course, PeerExercise, Rubric
from ..peer.aggregation import PeerGrade, aggregate_reviews
from ..peer.allocation import Submission, allocate_reviews
from ..problems import ContentError, Problem

JURY_FOLDER = Path(__file__).parent / "jury"
TIE_BREAKERS: tuple[str, ...] = ("learning-value", "evidence")
TIE_BREAK_RULE = ("Entries are ranked by their total (the sum of the jurors' median per criterion). Ties are broken by "
                  "the higher median for learning value, then for evidence, then by the earlier submission.")


@lru_cache(maxsize=8)
def jury_exercise(language: str = "en") -> PeerExercise:
    """The shipped jury rubric as a peer exercise, in ``language`` (English when not translated)."""
    path = JURY_FOLDER / f"cup-jury.{language}.md"
    if not path.exists():
        path = JURY_FOLDER / "cup-jury.en.md"
    source, problems = parse_markdown_file(str(path), path.read_text(encoding="utf-8"))
    if source is None:
        raise ContentError(problems)
    exercise = build_peer_exercise(source, path.name.split(".")[1], problems)
    if problems:
        raise ContentError(problems)
    return exercise


def jury_rubric(language: str = "en", item_id: str | None = None, course: Course | None = None) -> Rubric:
    """The rubric a round uses: a peer exercise's from the curriculum (``item_id``), else the shipped jury rubric."""
    if item_id:
        item = course.find_item(item_id, language) if course is not None else None
        if not isinstance(item, PeerExercise):
            raise ContentError([Problem(item_id, 0,
                                        Message(N_("the rubric must come from a peer exercise of the curriculum")))])
        return item.rubric
    return jury_exercise(language).rubric


@dataclass(frozen=True)
class Party:
    """An entry or a juror as allocation sees them: an id, an organisation and a country."""

    id: Hashable
    organisation: str = ""
    country: str = ""
    order: float = 0.0


def _tags(party: Party, exclude_country: bool) -> frozenset:
    tags = {("organisation", party.organisation.strip().lower())} if party.organisation.strip() else set()
    if exclude_country and party.country.strip():
        tags.add(("country", party.country.strip().lower()))
    return frozenset(tags)


def allocate_jurors(entries: Sequence[Party], jurors: Iterable[Party], jurors_per_entry: int,
                    exclude_country: bool = False, existing: Iterable[tuple[Hashable, Hashable]] = (),
                    seed: Hashable = 0) -> list[tuple[Hashable, Hashable]]:
    """New (juror id, entry id) pairs: each entry scored by ``jurors_per_entry`` jurors where enough may score it."""
    jurors = list(jurors)
    submissions = [Submission(id=e.id, author=("entry", e.id), group=_tags(e, exclude_country), order=e.order)
                   for e in entries]
    groups = {j.id: _tags(j, exclude_country) for j in jurors}
    return allocate_reviews(submissions, [j.id for j in jurors], jurors_per_entry, existing=existing, groups=groups,
                            exclude_same_group=True, seed=seed)


@dataclass(frozen=True)
class RankedEntry:
    entry_id: Hashable
    rank: int
    grade: PeerGrade | None


def rank_entries(rubric: Rubric, scores: Mapping[Hashable, Sequence[Mapping[str, int]]],
                 order: Mapping[Hashable, float]) -> list[RankedEntry]:
    """Entries best first, per :data:`TIE_BREAK_RULE`; entries without scores come last, unranked (rank 0)."""
    graded = {entry: aggregate_reviews(rubric, reviews) for entry, reviews in scores.items()}
    breakers = [c for c in TIE_BREAKERS if rubric.criterion(c) is not None]

    def key(entry: Hashable) -> tuple:
        grade = graded[entry]
        return (-grade.points, *(-grade.criteria[c] for c in breakers), order.get(entry, 0.0))

    scored = sorted((e for e, g in graded.items() if g is not None), key=key)
    ranked = [RankedEntry(entry, position, graded[entry]) for position, entry in enumerate(scored, start=1)]
    ranked += [RankedEntry(entry, 0, None) for entry, g in graded.items() if g is None]
    return ranked
