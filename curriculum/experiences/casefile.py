"""An experience written as a curriculum case-study file (YAML front matter + Markdown body).

The same text is what the curriculum's validator checks and what ``fieldschool library export`` writes, so an
exported experience can join a module and flow into every channel unchanged.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..model import CASE_SECTIONS
from .contributed import LIBRARY_MODULE
from .model import Experience
from .notation import NotANumber, parse_number
from .texts import SECTION_TITLES, default_discussion


def item_id_for(slug: str, module_id: str = LIBRARY_MODULE) -> str:
    """The curriculum item id of an experience: ``<module>.<slug>`` with the slug in the curriculum's spelling."""
    cleaned = re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-") or "experience"
    return f"{module_id}.{cleaned}"


def _number(text: Any, language: str) -> Any:
    """The number the author wrote, or the text as written (the validator then says it is not a number)."""
    if text is None or str(text).strip() == "":
        return None
    try:
        value = parse_number(str(text), language)
    except NotANumber:
        return str(text)
    return int(value) if value.is_integer() else value


def _clean(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v not in (None, "", [], {})}


def front_matter(exp: Experience, item_id: str, version: int = 1) -> dict[str, Any]:
    """The case study's front matter; empty answers are left out so the validator names them as missing."""
    lang = exp.language
    facts = dict(exp.facts)
    certifications = [c.strip() for c in str(facts.get("certifications") or "").split(",") if c.strip()]
    fact_values = {
        "country": facts.get("country", "").strip(), "commodity": facts.get("commodity", "").strip(),
        "organisation_type": facts.get("organisation_type", "").strip(),
        "members": _number(facts.get("members"), lang),
        "women_percent": _number(facts.get("women_percent"), lang),
        "youth_percent": _number(facts.get("youth_percent"), lang),
        "certifications": certifications, "period": facts.get("period", "").strip(),
        "maturity": facts.get("maturity", "").strip(),
    }
    timeline = [_clean({k: str(phase.get(k, "")).strip() for k in ("date", "milestone", "method", "resources", "who")})
                for phase in exp.timeline if any(str(v).strip() for v in phase.values())]
    indicators = [_clean({"name": str(ind.get("name", "")).strip(), "unit": str(ind.get("unit", "")).strip(),
                          "before": _number(ind.get("before"), lang), "after": _number(ind.get("after"), lang)})
                  for ind in exp.indicators if any(str(v).strip() for v in ind.values())]
    section_keys = {k for k, v in exp.sections.items() if v.strip()}
    discussion = ({"lessons": [q for q in exp.discussion if q.strip()]} if any(q.strip() for q in exp.discussion)
                  else default_discussion(lang, section_keys))
    words = len(exp.search_text().split())
    meta = {
        "id": item_id, "type": "case_study", "version": version, "licence": exp.licence, "title": exp.title.strip(),
        "summary": exp.summary.strip(), "estimated_minutes": max(15, round(words / 150) + 15),
        "facts": _clean(fact_values),
        "framing": _clean({k: exp.framing.get(k, "").strip() for k in ("objective", "object", "central_question")}),
        "timeline": timeline, "indicators": indicators,
        "lessons": [t.strip() for t in exp.lessons if t.strip()],
        "recommendations": [t.strip() for t in exp.recommendations if t.strip()],
        "discussion": discussion,
    }
    if not meta["framing"]:
        del meta["framing"]
    return _clean(meta) | {"facts": meta["facts"]}


def body(exp: Experience) -> str:
    """The narrative sections in the curriculum's order, each under its keyed heading."""
    titles = SECTION_TITLES.get(exp.language, SECTION_TITLES["en"])
    parts = []
    for key in CASE_SECTIONS:
        text = (exp.sections.get(key) or "").strip()
        if key == "results":
            sources = [f"- {ind['name'].strip()}: {ind['source'].strip()}" for ind in exp.indicators
                       if str(ind.get("source", "")).strip() and str(ind.get("name", "")).strip()]
            if text and sources:
                text += f"\n\n{titles['sources']}:\n\n" + "\n".join(sources)
        if text:
            parts.append(f"## {titles[key]} {{#{key}}}\n\n{text}\n")
    return "\n".join(parts)


def case_file_text(exp: Experience, item_id: str, version: int = 1) -> str:
    """The whole case-study file."""
    meta = yaml.safe_dump(front_matter(exp, item_id, version), allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{meta}---\n{body(exp)}"


def case_file_name(item_id: str, language: str) -> str:
    """The file name the curriculum loader expects for this item in this language."""
    return f"{item_id.split('.', 1)[1]}.{language}.md"


MODULE_TEXTS = {
    "en": ("Experiences from the library", "Experiences contributed by producer organisations to the Field School's "
           "library.", "Learn from how another producer organisation solved a problem like yours."),
    "es": ("Experiencias de la biblioteca", "Experiencias aportadas por organizaciones de productores a la biblioteca "
           "de la Escuela de Campo.", "Aprender de cómo otra organización de productores resolvió un problema como "
           "el suyo."),
    "fr": ("Expériences de la bibliothèque", "Expériences apportées par des organisations de producteurs à la "
           "bibliothèque de l'École de terrain.", "Apprendre de la façon dont une autre organisation de producteurs a "
           "résolu un problème semblable au vôtre."),
    "pt": ("Experiências da biblioteca", "Experiências contribuídas por organizações de produtores para a biblioteca "
           "da Escola de Campo.", "Aprender como outra organização de produtores resolveu um problema como o seu."),
}


def library_module_text(item_ids: list[str], language: str = "en", order: int = 90,
                        module_id: str = LIBRARY_MODULE, minutes: int = 60) -> str:
    """A ``module.<lang>.md`` listing exported experiences, so the folder can join a curriculum as a module."""
    title, description, objective = MODULE_TEXTS.get(language, MODULE_TEXTS["en"])
    meta = {"id": module_id, "type": "module", "order": order, "title": title, "description": description,
            "competency_area": "learning", "estimated_minutes": max(1, minutes), "objectives": [objective],
            "items": list(item_ids)}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n{description}\n"
