"""The organisational capacity self-assessment: the shipped instrument, scoring answers into a profile, comparing
two profiles, and recommending modules for the weakest areas.

Pure functions over the content model; channels store a profile as the plain dict of :meth:`Profile.to_dict`
(a database JSON column, an XBlock field, SCORM ``suspend_data``) and render it with ``charts.radar_chart``. For
instructors, :func:`class_distribution` counts the class's profiles per area and level (``charts.distribution_chart``
draws it) and :func:`profile_columns` / :func:`profile_cells` lay a profile out as CSV columns.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .consistency import variant_differences
from .frontmatter import parse_markdown_file
from .items import ASSESSED_AREAS, MATURITY_LEVEL_COUNT, build_item
from .messages import N_, Message, MessageError
from .model import Course, SelfAssessment
from .problems import ContentError, Problem

INSTRUMENTS = Path(__file__).parent / "instruments"
INSTRUMENT_ID = "instruments.capacity"
SOURCE_LANGUAGE = "en"
NOTE_LIMIT = 2000


class AnswerError(MessageError):
    """A self-assessment answer cannot be scored (unknown area, level out of range, note too long)."""


def check_instrument(folder: str | os.PathLike = INSTRUMENTS) -> tuple[dict[str, SelfAssessment], list[Problem]]:
    """Every language variant of the capacity self-assessment in ``folder``, and every problem found."""
    problems: list[Problem] = []
    variants: dict[str, SelfAssessment] = {}
    for path in sorted(Path(folder).glob("capacity.*.md")):
        language = path.name.split(".")[1]
        source, found = parse_markdown_file(os.path.relpath(path), path.read_text(encoding="utf-8"))
        problems += found
        if source is None:
            continue
        item = build_item(source, language, problems)
        if isinstance(item, SelfAssessment):
            variants[language] = item
        elif item is not None:
            problems.append(Problem(source.path, 1,
                                    Message(N_("the capacity instrument must have 'type: self_assessment'"))))
    source_variant = variants.get(SOURCE_LANGUAGE)
    if source_variant is None:
        problems.append(Problem(str(folder), 0,
                                Message(N_("no English capacity self-assessment: add 'capacity.en.md'"))))
    else:
        for language, item in sorted(variants.items()):
            if language != SOURCE_LANGUAGE:
                problems += variant_differences(source_variant, item, SOURCE_LANGUAGE)
    return variants, sorted(set(problems))


_loaded: dict[str, SelfAssessment] | None = None


def capacity_instrument(language: str) -> SelfAssessment:
    """The shipped capacity self-assessment in ``language`` (English when that language is missing)."""
    global _loaded
    if _loaded is None:
        variants, problems = check_instrument()
        if problems:
            raise ContentError(problems)
        _loaded = variants
    return _loaded.get(language) or _loaded[SOURCE_LANGUAGE]


@dataclass(frozen=True)
class Profile:
    """An organisation's maturity per competency area (1–4), with the evidence notes behind each level."""

    levels: Mapping[str, int]
    notes: Mapping[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return all(area in self.levels for area in ASSESSED_AREAS)

    def to_dict(self) -> dict:
        return {"levels": dict(self.levels), "notes": {k: v for k, v in self.notes.items() if v}}

    @classmethod
    def from_dict(cls, data: Mapping | None) -> Profile:
        """A profile from its stored form; unknown areas and levels out of range are dropped."""
        data = data or {}
        levels = {area: int(level) for area, level in dict(data.get("levels") or {}).items()
                  if area in ASSESSED_AREAS and _is_level_number(str(level))}
        notes = {area: str(note) for area, note in dict(data.get("notes") or {}).items() if area in levels}
        return cls(levels=levels, notes=notes)

    def gaps(self, target: int = MATURITY_LEVEL_COUNT) -> dict[str, int]:
        """How many levels each assessed area lies below ``target`` (areas at or above it are left out)."""
        return {area: target - level for area, level in self.levels.items() if level < target}


def _is_level_number(text: str) -> bool:
    """A level written in ASCII digits, 1–4 (``"²".isdigit()`` is true, yet ``int("²")`` fails)."""
    return text.isascii() and text.isdigit() and 1 <= int(text) <= MATURITY_LEVEL_COUNT


def score_answers(answers: Mapping[str, object], notes: Mapping[str, object] | None = None) -> Profile:
    """The profile for a learner's answers: ``answers`` maps an area to a level 1–4 (int or digit string);
    blank answers are left out, anything else raises :class:`AnswerError`."""
    levels: dict[str, int] = {}
    for area, raw in answers.items():
        if area not in ASSESSED_AREAS:
            raise AnswerError(N_("unknown competency area '{area}'"), area=area)
        text = str(raw).strip()
        if not text:
            continue
        if not _is_level_number(text):
            raise AnswerError(N_("the level for '{area}' must be a number from 1 to {count}"), area=area,
                              count=MATURITY_LEVEL_COUNT)
        levels[area] = int(text)
    kept_notes: dict[str, str] = {}
    for area, raw in (notes or {}).items():
        note = str(raw or "").strip()
        if len(note) > NOTE_LIMIT:
            raise AnswerError(N_("the evidence note for '{area}' is longer than {limit} characters"), area=area,
                              limit=NOTE_LIMIT)
        if note and area in levels:
            kept_notes[area] = note
    return Profile(levels=levels, notes=kept_notes)


@dataclass(frozen=True)
class AreaChange:
    """How one area moved between two self-assessments."""

    area: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int:
        return (self.after or 0) - (self.before or 0) if self.before and self.after else 0

    @property
    def moved(self) -> bool:
        return self.delta != 0


def compare_profiles(before: Profile, after: Profile) -> list[AreaChange]:
    """Every assessed area with its level before and after, in the vocabulary's order."""
    return [AreaChange(area, before.levels.get(area), after.levels.get(area)) for area in ASSESSED_AREAS]


def weakest_areas(profile: Profile, count: int = 3) -> list[str]:
    """The ``count`` lowest-rated areas (ties in the vocabulary's order), never an area at the top level."""
    rated = [(level, ASSESSED_AREAS.index(area), area) for area, level in profile.levels.items()
             if level < MATURITY_LEVEL_COUNT]
    return [area for _, _, area in sorted(rated)[:count]]


@dataclass(frozen=True)
class Recommendation:
    """A module that serves one of the organisation's weakest areas."""

    area: str
    level: int
    module_id: str


def recommend_modules(profile: Profile, course: Course, count: int = 3) -> list[Recommendation]:
    """Modules for the weakest areas, matched by each module's competency tag (weakest area first)."""
    recommendations = []
    for area in weakest_areas(profile, count):
        for module in course.modules:
            if module.competency_area == area:
                recommendations.append(Recommendation(area, profile.levels[area], module.id))
    return recommendations


def class_distribution(profiles: Iterable[Profile]) -> dict[str, list[int]]:
    """Per assessed area (in the vocabulary's order), how many of ``profiles`` sit at each level: index 0 counts
    level 1. Pass each learner's latest profile once, so that every learner counts once; an area a profile leaves
    unrated is not counted for it."""
    counts = {area: [0] * MATURITY_LEVEL_COUNT for area in ASSESSED_AREAS}
    for profile in profiles:
        for area, level in profile.levels.items():
            counts[area][level - 1] += 1
    return counts


def profile_columns() -> list[str]:
    """The CSV columns of a profile: a level per area, then the evidence note per area."""
    return [*ASSESSED_AREAS, *(f"{area}_evidence" for area in ASSESSED_AREAS)]


def profile_cells(profile: Profile) -> list[object]:
    """A profile's cells under :func:`profile_columns` (empty where an area is unrated or has no note)."""
    return [*(profile.levels.get(area, "") for area in ASSESSED_AREAS),
            *(profile.notes.get(area, "") for area in ASSESSED_AREAS)]
