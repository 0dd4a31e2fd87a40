"""The guided "Share an experience" form: which fields each step holds, and reading a step's answers from a post.

Field names follow the experience's data: ``title``, ``facts.country``, ``sections.context``, rows as
``timeline-0-date``, lists one entry per line (``lessons``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from curriculum.experiences.model import INDICATOR_FIELDS, PHASE_FIELDS, Experience

from ..services.numbers import is_digits


@dataclass(frozen=True)
class Field:
    name: str
    label: Any
    kind: str = "text"  # text | textarea | number | select | lines | rows | checkbox | licence
    hint: Any = ""


_SECTION_HINTS = {
    "context": _l("Where and among whom: region, farming, markets, the organisation's history."),
    "initial-situation": _l("What was the problem before you started? Give figures where you have them."),
    "actors": _l("Who took part and what each did: members, board, staff, partners."),
    "process": _l("How it happened, step by step; add each phase to the timeline below."),
    "results": _l("What changed; give the indicators below with their values before and after."),
    "analysis": _l("Why it worked (or did not): success factors and limiting factors."),
    "replication": _l("What another organisation would need to do the same, and what it should adapt."),
    "sustainability": _l("What keeps it going without outside help, and the risks that remain."),
}

STEP_FIELDS: dict[str, tuple[Field, ...]] = {
    "organisation": (
        Field("title", _l("Title of the experience")), Field("summary", _l("Summary (a short paragraph)"), "textarea"),
        Field("organisation", _l("Organisation")), Field("organisation_size", _l("Size (members, staff)")),
        Field("contact", _l("Contact person or address")),
        Field("competency_area", _l("Competency area"), "select"),
        Field("facts.country", _l("Country")), Field("facts.commodity", _l("Commodity")),
        Field("facts.organisation_type", _l("Type of organisation")),
        Field("facts.members", _l("Members"), "number"),
        Field("facts.women_percent", _l("Women among members (%)"), "number"),
        Field("facts.youth_percent", _l("Young people among members (%)"), "number"),
        Field("facts.certifications", _l("Certifications (separated by commas)")),
        Field("facts.period", _l("Period (e.g. 2019–2023)")), Field("facts.maturity", _l("Maturity"), "select"),
    ),
    "framing": (
        Field("framing.objective", _l("Why systematise this experience?"), "textarea"),
        Field("framing.object", _l("Which part of the experience, where and when?"), "textarea"),
        Field("framing.central_question", _l("The central question"), "textarea"),
    ),
    "process": (Field("sections.process", _l("The process"), "textarea", _SECTION_HINTS["process"]),
                Field("timeline", _l("Timeline"), "rows")),
    "results": (Field("sections.results", _l("Results"), "textarea", _SECTION_HINTS["results"]),
                Field("indicators", _l("Indicators"), "rows")),
    "lessons": (Field("lessons", _l("Lessons (one per line)"), "lines"),
                Field("recommendations", _l("Recommendations (one per line)"), "lines")),
    "consent": (Field("licence", _l("Licence"), "licence"),
                Field("consent_publish", _l("Our organisation agrees to publish this experience in the public "
                                            "library"), "checkbox"),
                Field("show_names", _l("People named in it (and the contact) agree to be named publicly"),
                      "checkbox")),
}
for _key in ("context", "initial-situation", "actors", "analysis", "replication", "sustainability"):
    STEP_FIELDS[_key] = (Field(f"sections.{_key}", _key, "textarea", _SECTION_HINTS[_key]),)

STEP_TITLES = {
    "organisation": _l("Your organisation"), "framing": _l("Why this experience"), "context": _l("Context"),
    "initial-situation": _l("Initial situation"), "actors": _l("Actors"), "process": _l("The process"),
    "results": _l("Results"), "analysis": _l("Analysis"), "lessons": _l("Lessons"),
    "replication": _l("Replicating it"), "sustainability": _l("Sustainability"), "consent": _l("Consent and licence"),
}
ROW_FIELDS = {"timeline": PHASE_FIELDS, "indicators": INDICATOR_FIELDS}


def value_of(exp: Experience, name: str) -> Any:
    """The stored answer for a field name."""
    if "." in name:
        group, key = name.split(".", 1)
        return (getattr(exp, group) or {}).get(key, "")
    value = getattr(exp, name)
    if isinstance(value, list) and name in ("lessons", "recommendations", "discussion"):
        return "\n".join(value)
    return value


def read_step(step: str, form) -> dict[str, Any]:
    """The changes a post of ``step`` makes to the experience's data."""
    changes: dict[str, Any] = {}
    for f in STEP_FIELDS[step]:
        if f.kind == "rows":
            changes[f.name] = _rows(f.name, form)
        elif f.kind == "lines":
            changes[f.name] = [line.strip() for line in form.get(f.name, "").splitlines() if line.strip()]
        elif f.kind == "checkbox":
            changes[f.name] = form.get(f.name) in ("on", "1", "true", "yes")
        elif "." in f.name:
            group, key = f.name.split(".", 1)
            changes.setdefault(group, {})[key] = form.get(f.name, "").strip()
        else:
            changes[f.name] = form.get(f.name, "").strip()
    if step == "organisation" and form.get("language"):
        changes["language"] = form["language"]
    return changes


def _rows(name: str, form) -> list[dict[str, str]]:
    indices = sorted({int(k.split("-")[1]) for k in form if k.startswith(f"{name}-") and is_digits(k.split("-")[1])})
    rows = []
    for index in indices:
        row = {key: form.get(f"{name}-{index}-{key}", "").strip() for key in ROW_FIELDS[name]}
        if any(row.values()):
            rows.append(row)
    return rows


_FIELD_STEPS = {"framing": "framing", "timeline": "process", "indicators": "results", "lessons": "lessons",
                "recommendations": "lessons", "discussion": "lessons", "licence": "consent"}


def step_of_field(field: str) -> str:
    """Which step shows a field (for linking a validation problem to its step)."""
    head, _, rest = field.partition(".")
    if head == "sections" and rest in STEP_FIELDS:
        return rest
    return _FIELD_STEPS.get(head, "organisation")
