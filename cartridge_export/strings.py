"""The few interface strings a cartridge's pages and titles carry, in every language the curriculum ships. The terms
around a case study (facts box, framing, timeline, results…) are not here: they come with the core's case page model
(:mod:`curriculum.case_page`, :mod:`curriculum.terms`)."""

from __future__ import annotations

from curriculum.languages import short_language

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "guide": "Facilitator's guide (instructors only)",
        "questions": "Questions to ask",
        "materials": "Materials to print", "session_plan": "Session plan",
        "introduction": "Introduction", "reading": "{title} (reading)", "discussion_topic": "Discussion: {title}",
        "objectives": "Objectives", "minutes": "{minutes} minutes", "licence": "Licence",
        "activity": "Interactive activity: open “{title}” in this module to answer the discussion questions "
                    "(your answers are saved and completion goes to the gradebook).",
        "pass_mark": "Pass mark: {percent} %.", "attempts": "Attempts allowed: {attempts}.",
        "unlimited": "unlimited",
        "true": "True", "false": "False",
    },
    "es": {
        "guide": "Guía de facilitación (solo docentes)",
        "questions": "Preguntas para hacer",
        "materials": "Materiales para imprimir", "session_plan": "Plan de la sesión",
        "introduction": "Introducción", "reading": "{title} (lectura)", "discussion_topic": "Debate: {title}",
        "objectives": "Objetivos", "minutes": "{minutes} minutos", "licence": "Licencia",
        "activity": "Actividad interactiva: abra «{title}» en este módulo para responder las preguntas de debate "
                    "(sus respuestas se guardan y la finalización llega al libro de calificaciones).",
        "pass_mark": "Nota para aprobar: {percent} %.", "attempts": "Intentos permitidos: {attempts}.",
        "unlimited": "ilimitados",
        "true": "Verdadero", "false": "Falso",
    },
    "fr": {
        "guide": "Guide de l'animateur (enseignants seulement)",
        "questions": "Questions à poser",
        "materials": "Matériel à imprimer", "session_plan": "Déroulé de la séance",
        "introduction": "Introduction", "reading": "{title} (lecture)", "discussion_topic": "Discussion : {title}",
        "objectives": "Objectifs", "minutes": "{minutes} minutes", "licence": "Licence",
        "activity": "Activité interactive : ouvrez « {title} » dans ce module pour répondre aux questions de "
                    "discussion (vos réponses sont enregistrées et l’achèvement va au carnet de notes).",
        "pass_mark": "Note de réussite : {percent} %.", "attempts": "Tentatives autorisées : {attempts}.",
        "unlimited": "illimitées",
        "true": "Vrai", "false": "Faux",
    },
    "pt": {
        "guide": "Guia do facilitador (só docentes)",
        "questions": "Perguntas a fazer",
        "materials": "Materiais para imprimir", "session_plan": "Plano da sessão",
        "introduction": "Introdução", "reading": "{title} (leitura)", "discussion_topic": "Debate: {title}",
        "objectives": "Objetivos", "minutes": "{minutes} minutos", "licence": "Licença",
        "activity": "Atividade interativa: abra «{title}» neste módulo para responder às perguntas de debate "
                    "(as suas respostas são guardadas e a conclusão vai para o livro de notas).",
        "pass_mark": "Nota de aprovação: {percent} %.", "attempts": "Tentativas permitidas: {attempts}.",
        "unlimited": "ilimitadas",
        "true": "Verdadeiro", "false": "Falso",
    },
}


def strings(language: str) -> dict[str, str]:
    """The strings in ``language`` (a locale such as ``pt-BR`` reads ``pt``), English for a language the table does
    not have."""
    return STRINGS.get(short_language(language), STRINGS["en"])
