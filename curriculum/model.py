"""The curriculum's content model: plain, immutable dataclasses shared by every channel.

A :class:`Course` holds :class:`Module` objects; each module holds items (case studies, peer exercises,
assessments) and every item exists once per language as a variant that shares its id and structure.
Nothing here knows about files, web frameworks or LMSs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from .languages import short_language

LICENCE = "CC-BY-SA-4.0"
# Where each licence the curriculum may carry is published (manifests and pages link to it).
LICENCE_URLS = {"CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/"}


class ItemType(StrEnum):
    """The kinds of curriculum item a module can hold."""

    CASE_STUDY = "case_study"
    PEER_EXERCISE = "peer_exercise"
    ASSESSMENT = "assessment"
    SELF_ASSESSMENT = "self_assessment"


class QuestionType(StrEnum):
    """The question types an assessment may use."""

    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    NUMERIC = "numeric"
    SHORT_TEXT = "short_text"


# Case-study narrative sections, in the order practitioners systematise an experience.
CASE_SECTIONS: tuple[str, ...] = (
    "context",
    "initial-situation",
    "actors",
    "process",
    "results",
    "analysis",
    "replication",
    "sustainability",
)
# Sections every case must have (the rest are recommended and checked for the shipped curriculum).
REQUIRED_CASE_SECTIONS: tuple[str, ...] = ("context", "initial-situation", "process", "results")
# Keys discussion questions may be attached to: the body sections plus the structured blocks.
DISCUSSION_KEYS: tuple[str, ...] = ("framing", *CASE_SECTIONS, "lessons", "recommendations")
PEER_EXERCISE_SECTIONS: tuple[str, ...] = ("prompt", "instructions", "example", "action-plan")
REQUIRED_PEER_EXERCISE_SECTIONS: tuple[str, ...] = ("prompt", "instructions")


@dataclass(frozen=True)
class Section:
    """A titled block of Markdown inside an item's body, addressed by a language-neutral key."""

    key: str
    title: str
    markdown: str
    line: int = 0


@dataclass(frozen=True)
class Facts:
    """The facts box of a case study."""

    country: str
    commodity: str
    organisation_type: str
    members: int
    women_percent: float | None = None
    youth_percent: float | None = None
    certifications: tuple[str, ...] = ()
    period: str = ""
    maturity: str = ""


@dataclass(frozen=True)
class Framing:
    """Why and what is being systematised (Jara's initial questions)."""

    objective: str
    object: str
    central_question: str


@dataclass(frozen=True)
class TimelinePhase:
    """One phase of the process: when, what milestone, with which method and resources, by whom."""

    date: str
    milestone: str
    method: str = ""
    resources: str = ""
    who: str = ""


@dataclass(frozen=True)
class Indicator:
    """A before/after result indicator."""

    name: str
    unit: str
    before: float
    after: float


@dataclass(frozen=True)
class CaseStudy:
    """A systematised experience (context → initial situation → process → results → lessons)."""

    id: str
    version: int
    language: str
    licence: str
    title: str
    summary: str
    estimated_minutes: int
    facts: Facts
    timeline: tuple[TimelinePhase, ...]
    indicators: tuple[Indicator, ...]
    lessons: tuple[str, ...]
    recommendations: tuple[str, ...]
    sections: tuple[Section, ...]
    discussion: dict[str, tuple[str, ...]] = field(default_factory=dict)
    framing: Framing | None = None
    opening_prompt: str = ""
    closing_prompt: str = ""
    composite_note: str = ""
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    type: ItemType = ItemType.CASE_STUDY

    def section(self, key: str) -> Section | None:
        """The section with this key, or None."""
        return next((s for s in self.sections if s.key == key), None)

    @property
    def discussion_questions(self) -> tuple[tuple[str, str], ...]:
        """All discussion questions as (key, question), in reading order; keys as in DISCUSSION_KEYS."""
        return tuple((key, q) for key in DISCUSSION_KEYS for q in self.discussion.get(key, ()))

    @property
    def opening_question(self) -> str:
        """The question a class discussion of the case opens with: the first discussion question in reading order."""
        questions = self.discussion_questions
        return questions[0][1] if questions else ""


@dataclass(frozen=True)
class RubricLevel:
    """One level of a rubric criterion: its points and what work at that level looks like."""

    points: float
    label: str
    descriptor: str


@dataclass(frozen=True)
class RubricCriterion:
    """A rubric criterion with its levels, lowest first."""

    id: str
    title: str
    description: str
    levels: tuple[RubricLevel, ...]
    line: int = field(default=0, compare=False)

    # A rubric never changes once loaded, so what is derived from it is worked out once (grading 50,000 learners
    # asks for it millions of times).
    @cached_property
    def max_points(self) -> float:
        return max(level.points for level in self.levels)

    @cached_property
    def points(self) -> tuple[float, ...]:
        """The points of each level, lowest level first."""
        return tuple(level.points for level in self.levels)

    @cached_property
    def span(self) -> float:
        """Points between the lowest and the highest level (1 when they are equal, so it can divide)."""
        return (self.levels[-1].points - self.levels[0].points) or 1.0


@dataclass(frozen=True)
class Rubric:
    """The criteria a response is judged by."""

    criteria: tuple[RubricCriterion, ...]

    @cached_property
    def max_points(self) -> float:
        return sum(c.max_points for c in self.criteria)

    @cached_property
    def criterion_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.criteria)

    @cached_property
    def _by_id(self) -> dict[str, RubricCriterion]:
        index: dict[str, RubricCriterion] = {}
        for c in self.criteria:
            index.setdefault(c.id, c)  # the first of a repeated id, as a search in order would find
        return index

    def criterion(self, criterion_id: str) -> RubricCriterion | None:
        return self._by_id.get(criterion_id)


@dataclass(frozen=True)
class PeerExercise:
    """A criteria-based exercise: learners submit a response, then review peers' responses with a rubric."""

    id: str
    version: int
    language: str
    licence: str
    title: str
    estimated_minutes: int
    peer_reviews: int
    self_assessment: bool
    rubric: Rubric
    sections: tuple[Section, ...]
    response_formats: tuple[str, ...] = ("text",)  # keys of vocabulary.RESPONSE_FORMATS
    review_rubric: Rubric | None = None  # how a review itself is judged (feedback on feedback), if given
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    type: ItemType = ItemType.PEER_EXERCISE

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True)
class Option:
    """A choice in a single- or multiple-choice question, with the feedback a learner sees for it."""

    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """One assessment question. Which fields matter depends on :attr:`type`.

    - single/multiple choice: ``options``
    - true/false: ``answer`` (bool) and ``feedback_true`` / ``feedback_false``
    - numeric: ``answer`` (float), ``tolerance``, ``feedback_correct`` / ``feedback_incorrect``
    - short text: ``accepted`` answers, ``case_sensitive``, ``feedback_correct`` / ``feedback_incorrect``
    """

    id: str
    type: QuestionType
    prompt: str
    explanation: str
    points: float = 1.0
    options: tuple[Option, ...] = ()
    answer: float | bool | None = None
    tolerance: float = 0.0
    accepted: tuple[str, ...] = ()
    case_sensitive: bool = False
    feedback_true: str = ""
    feedback_false: str = ""
    feedback_correct: str = ""
    feedback_incorrect: str = ""
    uses_case: bool = False  # answering needs the module's case (its figures, timeline or actors)
    line: int = 0

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Assessment:
    """A bank of questions with a pass mark and an attempts limit (0 means unlimited)."""

    id: str
    version: int
    language: str
    licence: str
    title: str
    estimated_minutes: int
    pass_mark: float  # a fraction between 0 and 1
    attempts: int
    questions: tuple[Question, ...]
    introduction: str = ""
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    type: ItemType = ItemType.ASSESSMENT

    @property
    def max_points(self) -> float:
        return sum(q.points for q in self.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class MaturityArea:
    """One competency area of a self-assessment: what each maturity level looks like, what to ask, what to check."""

    area: str  # a key of vocabulary.COMPETENCY_AREAS
    levels: tuple[str, ...]  # what one would observe at level 1, 2, 3, 4
    questions: tuple[str, ...]
    evidence: tuple[str, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class SelfAssessment:
    """An organisation's capacity self-assessment: a maturity ladder per competency area."""

    id: str
    version: int
    language: str
    licence: str
    title: str
    estimated_minutes: int
    level_labels: tuple[str, ...]  # the names of the maturity levels, lowest first
    areas: tuple[MaturityArea, ...]
    introduction: str = ""
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    type: ItemType = ItemType.SELF_ASSESSMENT

    def area(self, area: str) -> MaturityArea | None:
        return next((a for a in self.areas if a.area == area), None)


Item = CaseStudy | PeerExercise | Assessment | SelfAssessment

# A module's companion documents: read with the module but not activities of their own (no LMS link, no grade).
FACILITATOR_GUIDE = "facilitator_guide"
CASE_SUMMARY = "case_summary"
GUIDE_SECTIONS: tuple[str, ...] = ("preparation", "peer-exercise-offline", "low-literacy", "online")
REQUIRED_GUIDE_SECTIONS: tuple[str, ...] = ("peer-exercise-offline", "low-literacy")
SUMMARY_SECTIONS: tuple[str, ...] = ("what-happened",)


@dataclass(frozen=True)
class GuideActivity:
    """One timed step of a session plan."""

    minutes: int
    title: str
    how: str  # Markdown: what the facilitator does and asks
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class FacilitatorGuide:
    """How to run a module as a 3–4-hour session in a room or online: the timed plan, the questions to ask, the
    materials to print, the peer exercise without computers and how to adapt it for low literacy. Staff only."""

    id: str
    version: int
    language: str
    licence: str
    title: str
    session_minutes: int
    activities: tuple[GuideActivity, ...]
    questions: tuple[str, ...]
    materials: tuple[str, ...]
    sections: tuple[Section, ...]
    introduction: str = ""
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    type: str = FACILITATOR_GUIDE

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def planned_minutes(self) -> int:
        return sum(a.minutes for a in self.activities)

    @property
    def schedule(self) -> tuple[tuple[str, GuideActivity], ...]:
        """Each activity with the clock time it starts at from the session's start ("0:00", "0:20", "1:05"…)."""
        rows, elapsed = [], 0
        for activity in self.activities:
            rows.append((f"{elapsed // 60}:{elapsed % 60:02d}", activity))
            elapsed += activity.minutes
        return tuple(rows)


@dataclass(frozen=True)
class SummaryFigure:
    """A figure from the case, as the summary shows it (``value`` as written, e.g. "412" or "31 %")."""

    value: str
    label: str


@dataclass(frozen=True)
class CaseSummary:
    """A case told on one page in plain language (reading grade 7 or lower): what happened, three figures,
    three lessons. Facilitators read it aloud or print it."""

    id: str
    version: int
    language: str
    licence: str
    title: str
    case_id: str
    what_happened: str  # Markdown
    figures: tuple[SummaryFigure, ...]
    lessons: tuple[str, ...]
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    type: str = CASE_SUMMARY

    @property
    def plain_text(self) -> str:
        """Everything a reader reads, as sentences (the readability check's input)."""
        figures = " ".join(f"{f.value} {f.label}." for f in self.figures)
        return "\n".join([self.what_happened, figures, *self.lessons])


@dataclass(frozen=True)
class FrameworkRef:
    """A mapping to an external competency framework, by name and clause only (never its wording)."""

    framework: str
    clause: str


@dataclass(frozen=True)
class ModuleVariant:
    """A module's text in one language."""

    language: str
    title: str
    description: str
    objectives: tuple[str, ...]
    introduction: str = ""
    source: str = ""


@dataclass
class Module:
    """A module of the course: objectives, competency tags, time, and its items in every language."""

    id: str
    order: int
    competency_area: str
    frameworks: tuple[FrameworkRef, ...]
    estimated_minutes: int
    item_ids: tuple[str, ...]
    variants: dict[str, ModuleVariant] = field(default_factory=dict)
    items: dict[str, dict[str, Item]] = field(default_factory=dict)  # item id -> language -> item
    directory: str = ""
    guides: dict[str, FacilitatorGuide] = field(default_factory=dict)  # language -> the facilitator's guide
    summaries: dict[str, CaseSummary] = field(default_factory=dict)  # language -> the case's one-page summary

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self.variants))

    def variant(self, language: str, fallback: str = "en") -> ModuleVariant:
        """The module's text in ``language`` (a locale such as ``pt-BR`` reads ``pt``), else in ``fallback``, else in
        any language it has."""
        return (self.variants.get(short_language(language)) or self.variants.get(fallback)
                or next(iter(self.variants.values())))

    def item(self, item_id: str, language: str, fallback: str = "en") -> Item | None:
        """An item in ``language`` (a locale reads its language; the fallback language when that variant does not
        exist)."""
        variants = self.items.get(item_id, {})
        return (variants.get(short_language(language)) or variants.get(fallback)
                or next(iter(variants.values()), None))

    def item_languages(self, item_id: str) -> tuple[str, ...]:
        return tuple(sorted(self.items.get(item_id, {})))

    def guide(self, language: str, fallback: str = "en") -> FacilitatorGuide | None:
        """The facilitator's guide in ``language`` (a locale reads its language; or the fallback language), None when
        the module has none."""
        return (self.guides.get(short_language(language)) or self.guides.get(fallback)
                or next(iter(self.guides.values()), None))

    def summary(self, language: str, fallback: str = "en") -> CaseSummary | None:
        """The case's one-page summary in ``language`` (a locale reads its language; or the fallback language), None
        when there is none."""
        return (self.summaries.get(short_language(language)) or self.summaries.get(fallback)
                or next(iter(self.summaries.values()), None))


@dataclass
class Course:
    """The whole curriculum: modules in order, plus course-level text per language."""

    id: str
    source_language: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    licence: str
    modules: list[Module] = field(default_factory=list)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def find_item(self, item_id: str, language: str = "en") -> Item | None:
        """Look an item up by its id (``module.kind``) in a language (a locale such as ``es-419`` reads ``es``),
        falling back to the source language. The one lookup every channel uses."""
        module = self.module(item_id.split(".", 1)[0]) if item_id else None
        wanted = short_language(language) or self.source_language
        return module.item(item_id, wanted, self.source_language) if module else None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({lang for m in self.modules for lang in m.variants}))

    def all_item_ids(self) -> list[str]:
        return [item_id for m in self.modules for item_id in m.item_ids]
