"""The words printed around the curriculum's own text (headings, table heads, the running header), in every language
the curriculum ships: shared by every printed page, the print channel's and the library's."""

from __future__ import annotations

from ..languages import short_language
from ..terms import term

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "summary": "The case on one page", "what_happened": "What happened", "figures": "Three figures",
        "lessons": "Three lessons", "case": "The case", "to_finish": "To finish",
        "timeline": "The process, step by step", "results_chart": "Results: before and after",
        "case_lessons": "Lessons learned", "discuss": "Discuss", "worksheet": "Worksheet",
        "rubric": "Rubric: circle one level for each criterion", "criterion": "Criterion", "points": "points",
        "your_response": "Your response", "reviewer": "Reviewed by (number or name)", "notes": "Notes",
        "guide": "Facilitator's guide", "staff_only": "For facilitators", "plan": "Session plan", "start": "Start",
        "minutes": "Minutes", "activity": "Activity", "total": "Total",
        "minutes_total": "{minutes} minutes ({hours} h)", "questions": "Questions to ask",
        "materials": "Materials to print or bring", "licence": "Licence", "module": "Module {order}", "page": "Page",
        "of": "of", "library": "Experience library", "cup_place": "Cup {year}, place {place}", "cite": "How to cite",
    },
    "es": {
        "summary": "El caso en una página", "what_happened": "Qué pasó", "figures": "Tres cifras",
        "lessons": "Tres lecciones", "case": "El caso", "to_finish": "Para terminar",
        "timeline": "El proceso, paso a paso", "results_chart": "Resultados: antes y después",
        "case_lessons": "Lecciones aprendidas", "discuss": "Para conversar", "worksheet": "Hoja de trabajo",
        "rubric": "Rúbrica: marque un nivel para cada criterio", "criterion": "Criterio", "points": "puntos",
        "your_response": "Su respuesta", "reviewer": "Revisado por (número o nombre)", "notes": "Notas",
        "guide": "Guía para facilitar", "staff_only": "Para facilitadores", "plan": "Plan de la sesión",
        "start": "Inicio", "minutes": "Minutos", "activity": "Actividad", "total": "Total",
        "minutes_total": "{minutes} minutos ({hours} h)", "questions": "Preguntas para el grupo",
        "materials": "Materiales para imprimir o llevar", "licence": "Licencia", "module": "Módulo {order}",
        "page": "Página", "of": "de", "library": "Biblioteca de experiencias",
        "cup_place": "Copa {year}, lugar {place}", "cite": "Cómo citar",
    },
    "fr": {
        "summary": "Le cas en une page", "what_happened": "Ce qui s'est passé", "figures": "Trois chiffres",
        "lessons": "Trois leçons", "case": "Le cas", "to_finish": "Pour finir",
        "timeline": "Le processus, étape par étape", "results_chart": "Résultats : avant et après",
        "case_lessons": "Leçons apprises", "discuss": "À discuter", "worksheet": "Fiche de travail",
        "rubric": "Grille : entourez un niveau par critère", "criterion": "Critère", "points": "points",
        "your_response": "Votre réponse", "reviewer": "Relu par (numéro ou nom)", "notes": "Notes",
        "guide": "Guide de l'animateur", "staff_only": "Pour les animateurs", "plan": "Plan de la séance",
        "start": "Début", "minutes": "Minutes", "activity": "Activité", "total": "Total",
        "minutes_total": "{minutes} minutes ({hours} h)", "questions": "Questions à poser",
        "materials": "Matériel à imprimer ou apporter", "licence": "Licence", "module": "Module {order}",
        "page": "Page", "of": "sur", "library": "Bibliothèque d'expériences",
        "cup_place": "Coupe {year}, place {place}", "cite": "Comment citer",
    },
    "pt": {
        "summary": "O caso numa página", "what_happened": "O que aconteceu", "figures": "Três números",
        "lessons": "Três lições", "case": "O caso", "to_finish": "Para terminar",
        "timeline": "O processo, passo a passo", "results_chart": "Resultados: antes e depois",
        "case_lessons": "Lições aprendidas", "discuss": "Para conversar", "worksheet": "Folha de trabalho",
        "rubric": "Rubrica: assinale um nível por critério", "criterion": "Critério", "points": "pontos",
        "your_response": "A sua resposta", "reviewer": "Revisto por (número ou nome)", "notes": "Notas",
        "guide": "Guia do facilitador", "staff_only": "Para facilitadores", "plan": "Plano da sessão",
        "start": "Início", "minutes": "Minutos", "activity": "Atividade", "total": "Total",
        "minutes_total": "{minutes} minutos ({hours} h)", "questions": "Perguntas a fazer",
        "materials": "Materiais a imprimir ou levar", "licence": "Licença", "module": "Módulo {order}",
        "page": "Página", "of": "de", "library": "Biblioteca de experiências",
        "cup_place": "Copa {year}, lugar {place}", "cite": "Como citar",
    },
}


# The interface terms the channels share (the facts box, framing, timeline and results labels…) come from the
# core's one table, in its translations (curriculum/terms.py), keyed as there.
SHARED_TERMS = ("facts", "country", "commodity", "organisation", "members", "women", "youth", "certifications",
                "period", "maturity", "framing", "objective", "object", "central_question", "before_reading",
                "method", "resources", "who", "indicator", "before", "after", "recommendations")
for _language, _words in STRINGS.items():
    _words.update({key: term(key, _language) for key in SHARED_TERMS})


def strings(language: str) -> dict[str, str]:
    """The words in ``language`` (a locale such as ``es-419`` reads ``es``), English for a language the table does
    not have."""
    return STRINGS.get(short_language(language), STRINGS["en"])
