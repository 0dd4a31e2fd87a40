"""The validator's findings told to the author in their language, field by field.

The curriculum's validator speaks English to content authors (``file:line: message``); contributors get each finding
beside the form field it concerns, in en/es/fr/pt. Known kinds of finding are recognised by their wording and said
again in the author's language; anything else is the validator's own translatable message, which the channel
translates (see :func:`.validation.validate_experience`).
"""

from __future__ import annotations

import re

FIELD_LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "Title", "es": "Título", "fr": "Titre", "pt": "Título"},
    "summary": {"en": "Summary", "es": "Resumen", "fr": "Résumé", "pt": "Resumo"},
    "facts.country": {"en": "Country", "es": "País", "fr": "Pays", "pt": "País"},
    "facts.commodity": {"en": "Commodity", "es": "Producto", "fr": "Produit", "pt": "Produto"},
    "facts.organisation_type": {"en": "Type of organisation", "es": "Tipo de organización",
                                "fr": "Type d'organisation", "pt": "Tipo de organização"},
    "facts.members": {"en": "Members", "es": "Socios", "fr": "Membres", "pt": "Associados"},
    "facts.women_percent": {"en": "Women (%)", "es": "Mujeres (%)", "fr": "Femmes (%)", "pt": "Mulheres (%)"},
    "facts.youth_percent": {"en": "Young people (%)", "es": "Jóvenes (%)", "fr": "Jeunes (%)", "pt": "Jovens (%)"},
    "facts.certifications": {"en": "Certifications", "es": "Certificaciones", "fr": "Certifications",
                             "pt": "Certificações"},
    "facts.period": {"en": "Period", "es": "Período", "fr": "Période", "pt": "Período"},
    "facts.maturity": {"en": "Maturity", "es": "Madurez", "fr": "Maturité", "pt": "Maturidade"},
    "organisation": {"en": "Organisation", "es": "Organización", "fr": "Organisation", "pt": "Organização"},
    "discussion": {"en": "Discussion questions", "es": "Preguntas de discusión", "fr": "Questions de discussion",
                   "pt": "Perguntas de discussão"},
    "facts": {"en": "Facts", "es": "Datos", "fr": "Faits", "pt": "Dados"},
    "framing": {"en": "Framing", "es": "Enfoque", "fr": "Cadrage", "pt": "Enquadramento"},
    "timeline": {"en": "Timeline", "es": "Cronología", "fr": "Chronologie", "pt": "Cronologia"},
    "indicators": {"en": "Indicators", "es": "Indicadores", "fr": "Indicateurs", "pt": "Indicadores"},
    "lessons": {"en": "Lessons", "es": "Lecciones", "fr": "Leçons", "pt": "Lições"},
    "recommendations": {"en": "Recommendations", "es": "Recomendaciones", "fr": "Recommandations",
                        "pt": "Recomendações"},
}

PART_LABELS: dict[str, dict[str, str]] = {
    "date": {"en": "date", "es": "fecha", "fr": "date", "pt": "data"},
    "milestone": {"en": "milestone", "es": "hito", "fr": "étape clé", "pt": "marco"},
    "method": {"en": "method", "es": "método", "fr": "méthode", "pt": "método"},
    "resources": {"en": "resources", "es": "recursos", "fr": "ressources", "pt": "recursos"},
    "who": {"en": "who", "es": "quién", "fr": "qui", "pt": "quem"},
    "name": {"en": "name", "es": "nombre", "fr": "nom", "pt": "nome"},
    "unit": {"en": "unit", "es": "unidad", "fr": "unité", "pt": "unidade"},
    "before": {"en": "before", "es": "antes", "fr": "avant", "pt": "antes"},
    "after": {"en": "after", "es": "después", "fr": "après", "pt": "depois"},
}

_REQUIRED = {"en": "This is required: write it.", "es": "Este dato es obligatorio: escríbalo.",
             "fr": "Cette information est obligatoire : écrivez-la.", "pt": "Este dado é obrigatório: escreva-o."}
_EXAMPLE = {"en": "1,234.5", "es": "1.234,5", "fr": "1 234,5", "pt": "1.234,5"}
# (pattern over the validator's English message, message per language)
_KINDS: list[tuple[re.Pattern, dict[str, str]]] = [
    (re.compile(r"^missing (field|section)|is empty"), _REQUIRED),
    (re.compile(r"must be a number|must be a whole number"),
     {"en": "Write a number, like {example}.", "es": "Escriba un número, por ejemplo {example}.",
      "fr": "Écrivez un nombre, par exemple {example}.", "pt": "Escreva um número, por exemplo {example}."}),
    (re.compile(r"does not appear in the results text"),
     {"en": "Give this figure in the results text too, written like {example}.",
      "es": "Dé también esta cifra en el texto de resultados, escrita como {example}.",
      "fr": "Donnez aussi ce chiffre dans le texte des résultats, écrit comme {example}.",
      "pt": "Dê também este número no texto de resultados, escrito como {example}."}),
    (re.compile(r"percentage between 0 and 100"),
     {"en": "A percentage is between 0 and 100.", "es": "Un porcentaje está entre 0 y 100.",
      "fr": "Un pourcentage est compris entre 0 et 100.", "pt": "Uma porcentagem está entre 0 e 100."}),
    (re.compile(r"^unknown maturity"),
     {"en": "Choose a maturity level from the list.", "es": "Elija un nivel de madurez de la lista.",
      "fr": "Choisissez un niveau de maturité dans la liste.", "pt": "Escolha um nível de maturidade da lista."}),
    (re.compile(r"needs at least one phase"),
     {"en": "Describe at least one phase of the process.", "es": "Describa al menos una fase del proceso.",
      "fr": "Décrivez au moins une phase du processus.", "pt": "Descreva pelo menos uma fase do processo."}),
    (re.compile(r"variant differs from the source language"),
     {"en": "The original differs here: a translation keeps its facts, figures, dates and number of entries.",
      "es": "El original es distinto aquí: una traducción conserva sus datos, cifras, fechas y número de entradas.",
      "fr": "L'original est différent ici : une traduction garde ses faits, chiffres, dates et nombre d'entrées.",
      "pt": "O original é diferente aqui: uma tradução mantém seus dados, números, datas e número de entradas."}),
    (re.compile(r"^broken link|^the image"),
     {"en": "A link or image here does not work: link to web pages with their full address.",
      "es": "Un enlace o imagen aquí no funciona: enlace páginas web con su dirección completa.",
      "fr": "Un lien ou une image ne fonctionne pas ici : liez les pages web avec leur adresse complète.",
      "pt": "Um link ou imagem aqui não funciona: ligue páginas web com o endereço completo."}),
]


def field_label(field: str, language: str) -> str:
    """The form's name for ``field`` (``sections.context``, ``timeline.2.date``…) in ``language``."""
    from .texts import SECTION_TITLES

    if field.startswith("sections."):
        return SECTION_TITLES.get(language, SECTION_TITLES["en"]).get(field[9:], field[9:])
    parts = field.split(".")
    if parts[0] in ("timeline", "indicators", "lessons", "recommendations") and len(parts) > 1:
        base = FIELD_LABELS[parts[0]].get(language, parts[0])
        part = PART_LABELS.get(parts[2], {}).get(language, parts[2]) if len(parts) > 2 else ""
        return f"{base} {int(parts[1]) + 1}" + (f" · {part}" if part else "")
    labels = FIELD_LABELS.get(field) or FIELD_LABELS.get(parts[0]) or {}
    return labels.get(language) or labels.get("en") or field


def localise(message: str, language: str) -> str | None:
    """The validator's ``message`` said in ``language`` when its kind is known, else None (the channel then
    translates the validator's own message)."""
    for pattern, texts in _KINDS:
        if pattern.search(message):
            return texts.get(language, texts["en"]).format(example=_EXAMPLE.get(language, _EXAMPLE["en"]))
    return None
