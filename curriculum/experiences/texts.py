"""The words an experience brings with it in each language: section headings and the core's default discussion
questions for a contributed case (used when the library's editors add none)."""

from __future__ import annotations

SECTION_TITLES: dict[str, dict[str, str]] = {
    "en": {"context": "Context", "initial-situation": "Initial situation", "actors": "Actors and their roles",
           "process": "The process", "results": "Results", "analysis": "Analysis",
           "replication": "Replicating the experience", "sustainability": "Sustainability", "sources": "Sources"},
    "es": {"context": "Contexto", "initial-situation": "Situación inicial", "actors": "Actores y sus roles",
           "process": "El proceso", "results": "Resultados", "analysis": "Análisis",
           "replication": "Replicar la experiencia", "sustainability": "Sostenibilidad", "sources": "Fuentes"},
    "fr": {"context": "Contexte", "initial-situation": "Situation initiale", "actors": "Les acteurs et leurs rôles",
           "process": "Le processus", "results": "Résultats", "analysis": "Analyse",
           "replication": "Reproduire l'expérience", "sustainability": "Durabilité", "sources": "Sources"},
    "pt": {"context": "Contexto", "initial-situation": "Situação inicial", "actors": "Atores e seus papéis",
           "process": "O processo", "results": "Resultados", "analysis": "Análise",
           "replication": "Replicar a experiência", "sustainability": "Sustentabilidade", "sources": "Fontes"},
}

DEFAULT_DISCUSSION: dict[str, dict[str, str]] = {
    "en": {"initial-situation": "Which parts of the initial situation do you recognise in your own organisation?",
           "process": "Which step of the process would be hardest in your organisation, and why?",
           "results": "Which result matters most to the members, and what evidence in the case supports it?",
           "replication": "What would your organisation need to try this, and what would you adapt?",
           "lessons": "Which lesson could your organisation apply in the next six months?"},
    "es": {"initial-situation": "¿Qué aspectos de la situación inicial reconoce en su propia organización?",
           "process": "¿Qué paso del proceso sería el más difícil en su organización y por qué?",
           "results": "¿Qué resultado importa más a los socios y qué evidencia del caso lo respalda?",
           "replication": "¿Qué necesitaría su organización para intentarlo y qué adaptaría?",
           "lessons": "¿Qué lección podría aplicar su organización en los próximos seis meses?"},
    "fr": {"initial-situation": "Quels aspects de la situation initiale reconnaissez-vous dans votre organisation ?",
           "process": "Quelle étape du processus serait la plus difficile dans votre organisation, et pourquoi ?",
           "results": "Quel résultat compte le plus pour les membres, et quelles preuves du cas l'appuient ?",
           "replication": "De quoi votre organisation aurait-elle besoin pour l'essayer, et qu'adapteriez-vous ?",
           "lessons": "Quelle leçon votre organisation pourrait-elle appliquer dans les six prochains mois ?"},
    "pt": {"initial-situation": "Que aspectos da situação inicial você reconhece na sua organização?",
           "process": "Que etapa do processo seria a mais difícil na sua organização, e por quê?",
           "results": "Que resultado importa mais aos associados, e que evidência do caso o sustenta?",
           "replication": "Do que a sua organização precisaria para tentar isto, e o que adaptaria?",
           "lessons": "Que lição a sua organização poderia aplicar nos próximos seis meses?"},
}


def default_discussion(language: str, section_keys: set[str]) -> dict[str, list[str]]:
    """The core's discussion questions for a contributed case: one per section it has, and one on its lessons."""
    questions = DEFAULT_DISCUSSION.get(language, DEFAULT_DISCUSSION["en"])
    return {key: [q] for key, q in questions.items() if key in section_keys or key == "lessons"}
