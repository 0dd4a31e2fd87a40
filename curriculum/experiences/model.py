"""An experience submission as data: the case-study structure an organisation fills in, section by section.

Numbers are kept as the author typed them (``"1.234,5"`` in Spanish) and read in the author's language's notation
when the experience is checked or exported, so a form can hand back exactly what was written.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..model import CASE_SECTIONS, LICENCE

LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "pt")
JURY_ONLY = "jury-only"
LICENCES: tuple[str, ...] = (LICENCE, JURY_ONLY)
FACT_FIELDS: tuple[str, ...] = ("country", "commodity", "organisation_type", "members", "women_percent",
                                "youth_percent", "certifications", "period", "maturity")
PHASE_FIELDS: tuple[str, ...] = ("date", "milestone", "method", "resources", "who")
INDICATOR_FIELDS: tuple[str, ...] = ("name", "unit", "before", "after", "source")
# The guided form's steps, one section of the case-study structure at a time.
STEPS: tuple[str, ...] = ("organisation", "framing", "context", "initial-situation", "actors", "process", "results",
                          "analysis", "lessons", "replication", "sustainability", "consent")


@dataclass
class Experience:
    """One organisation's experience, written in one of :data:`LANGUAGES`."""

    language: str = "en"
    title: str = ""
    summary: str = ""
    organisation: str = ""  # the contact organisation, as it wants to be named
    organisation_size: str = ""
    contact: str = ""  # a contact person or address; shown only with ``show_names``
    competency_area: str = ""
    facts: dict[str, str] = field(default_factory=dict)  # FACT_FIELDS; certifications comma-separated
    framing: dict[str, str] = field(default_factory=dict)  # objective, object, central_question
    timeline: list[dict[str, str]] = field(default_factory=list)  # PHASE_FIELDS
    indicators: list[dict[str, str]] = field(default_factory=list)  # INDICATOR_FIELDS
    sections: dict[str, str] = field(default_factory=dict)  # CASE_SECTIONS → Markdown
    lessons: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    discussion: list[str] = field(default_factory=list)  # questions added by the editor (else the core's defaults)
    licence: str = LICENCE
    consent_publish: bool = False  # the organisation agrees to publication in the public library
    show_names: bool = False  # personal names (contact, people named) may be shown publicly

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Experience:
        """An experience from stored data; unknown keys are ignored, missing ones take their defaults."""
        data = data or {}
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        exp = cls(**known)
        exp.sections = {k: str(v) for k, v in dict(exp.sections).items() if k in CASE_SECTIONS}
        exp.timeline = [dict(p) for p in exp.timeline]
        exp.indicators = [dict(i) for i in exp.indicators]
        return exp

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def jury_only(self) -> bool:
        """Seen by editors and the Cup's jury only: never in the public library, never exported."""
        return self.licence == JURY_ONLY

    @property
    def publishable(self) -> bool:
        return self.consent_publish and not self.jury_only

    def search_text(self) -> str:
        """All the experience's words, for full-text search."""
        parts = [self.title, self.summary, self.organisation, *self.facts.values(), *self.framing.values(),
                 *self.sections.values(), *self.lessons, *self.recommendations]
        parts += [v for p in self.timeline for v in p.values()]
        parts += [i.get(key, "") for i in self.indicators for key in ("name", "source")]
        return "\n".join(str(p) for p in parts if p)
