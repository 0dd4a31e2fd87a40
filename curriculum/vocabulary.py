"""Controlled vocabularies of the curriculum, stored as language-neutral keys with labels per language.

Content files use the keys (``competency_area: governance``, ``maturity: good-practice``) so that every language
variant, catalogue filter and report agrees; channels show the labels.
"""

from __future__ import annotations

# The curriculum's own competency taxonomy (CURRICULUM-BRIEF.md), plus the cross-cutting "learning".
COMPETENCY_AREAS: dict[str, dict[str, str]] = {
    "learning": {"en": "Learning and adaptation", "es": "Aprendizaje y adaptación",
                 "fr": "Apprentissage et adaptation", "pt": "Aprendizagem e adaptação"},
    "governance": {"en": "Governance, democracy and member participation",
                   "es": "Gobernanza, democracia y participación de los socios",
                   "fr": "Gouvernance, démocratie et participation des membres",
                   "pt": "Governança, democracia e participação dos associados"},
    "membership": {"en": "Membership management and engagement", "es": "Gestión y compromiso de los socios",
                   "fr": "Gestion et engagement des membres", "pt": "Gestão e engajamento dos associados"},
    "planning": {"en": "Strategic and business planning", "es": "Planificación estratégica y de negocios",
                 "fr": "Planification stratégique et commerciale", "pt": "Planejamento estratégico e de negócios"},
    "finance": {"en": "Financial management and accountability", "es": "Gestión financiera y rendición de cuentas",
                "fr": "Gestion financière et redevabilité", "pt": "Gestão financeira e prestação de contas"},
    "operations": {"en": "Operations, logistics, quality and traceability",
                   "es": "Operaciones, logística, calidad y trazabilidad",
                   "fr": "Opérations, logistique, qualité et traçabilité",
                   "pt": "Operações, logística, qualidade e rastreabilidade"},
    "markets": {"en": "Market access, contracts and commercial relations",
                "es": "Acceso a mercados, contratos y relaciones comerciales",
                "fr": "Accès aux marchés, contrats et relations commerciales",
                "pt": "Acesso a mercados, contratos e relações comerciais"},
    "certification": {"en": "Certification and standards compliance", "es": "Certificación y cumplimiento de normas",
                      "fr": "Certification et conformité aux normes", "pt": "Certificação e conformidade com normas"},
    "production": {"en": "Sustainable production and climate resilience",
                   "es": "Producción sostenible y resiliencia climática",
                   "fr": "Production durable et résilience climatique",
                   "pt": "Produção sustentável e resiliência climática"},
    "services": {"en": "Services to members", "es": "Servicios a los socios", "fr": "Services aux membres",
                 "pt": "Serviços aos associados"},
    "access-to-finance": {"en": "Access to finance and risk management",
                          "es": "Acceso a financiamiento y gestión de riesgos",
                          "fr": "Accès au financement et gestion des risques",
                          "pt": "Acesso a financiamento e gestão de riscos"},
    "inclusion": {"en": "Inclusion: gender, youth, labour rights",
                  "es": "Inclusión: género, juventud, derechos laborales",
                  "fr": "Inclusion : genre, jeunesse, droits du travail",
                  "pt": "Inclusão: gênero, juventude, direitos trabalhistas"},
    "networking": {"en": "Networking, advocacy and the enabling environment",
                   "es": "Redes, incidencia y entorno habilitante",
                   "fr": "Réseaux, plaidoyer et environnement favorable",
                   "pt": "Redes, incidência e ambiente favorável"},
}

# FAO's good-practice maturity ladder.
MATURITY_LEVELS: dict[str, dict[str, str]] = {
    "innovation": {"en": "Innovation", "es": "Innovación", "fr": "Innovation", "pt": "Inovação"},
    "promising-practice": {"en": "Promising practice", "es": "Práctica prometedora", "fr": "Pratique prometteuse",
                           "pt": "Prática promissora"},
    "good-practice": {"en": "Good practice", "es": "Buena práctica", "fr": "Bonne pratique", "pt": "Boa prática"},
    "institutionalised": {"en": "Institutionalised", "es": "Institucionalizada", "fr": "Institutionnalisée",
                          "pt": "Institucionalizada"},
}

# The forms a peer-exercise response may take; "text" is always accepted.
RESPONSE_FORMATS: dict[str, dict[str, str]] = {
    "text": {"en": "Written text", "es": "Texto escrito", "fr": "Texte écrit", "pt": "Texto escrito"},
    "voice-note": {"en": "Voice note", "es": "Nota de voz", "fr": "Message vocal", "pt": "Mensagem de voz"},
    "photo": {"en": "Photo of handwritten work", "es": "Foto de un trabajo escrito a mano",
              "fr": "Photo d'un travail écrit à la main", "pt": "Foto de um trabalho escrito à mão"},
}


def label(vocabulary: dict[str, dict[str, str]], key: str, language: str) -> str:
    """The label of ``key`` in ``language`` (English, then the key itself, when missing)."""
    labels = vocabulary.get(key, {})
    return labels.get(language) or labels.get("en") or key
