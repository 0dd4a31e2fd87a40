"""Organisations, capacity self-assessments, offers and matching, learning visits and peer coaching in the LTI tool.

A thin adapter over the core (``curriculum.self_assessment``, ``curriculum.matching``, ``curriculum.visits``,
``curriculum.coaching``): models hold the data per course (LTI context), services check who may see and change what,
blueprints render pages at the stable paths ``/organisations``, ``/visits``, ``/visits/year/<year>`` and
``/coaching``. Its interface strings have their own catalogue in ``translations/`` (``make`` target unchanged:
``pybabel compile -d lti_tool/organisations/translations``).
"""

from __future__ import annotations

from pathlib import Path

TRANSLATIONS = Path(__file__).parent / "translations"
