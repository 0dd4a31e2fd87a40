"""What every organisation page shares: the launch named in the ``launch`` parameter (without one, a page that
explains how to get there), the template helpers and the radar chart with the CSP hashes it needs (the app gets them
through :mod:`lti_tool.organisations.setup`)."""

from __future__ import annotations

from datetime import date

from flask import g, render_template, request

from curriculum.charts import radar_chart
from curriculum.items import ASSESSED_AREAS
from curriculum.self_assessment import Profile
from curriculum.vocabulary import COMPETENCY_AREAS, MATURITY_LEVELS, label

from ..views.csp import allow_styles_of
from .access import Viewer, open_viewer

LAUNCH_PARAM = "launch_id"


def launch_id() -> str:
    return (request.values.get(LAUNCH_PARAM) or "").strip()


def viewer_or_none() -> Viewer | None:
    """The viewer when the request names a launch, else None (the page then explains how to get there)."""
    value = launch_id()
    return open_viewer(value) if value else None


def guide(area: str):
    return render_template("organisations/guide.html", area=area), 200


def area_names(language: str) -> list[tuple[str, str]]:
    return [(key, label(COMPETENCY_AREAS, key, language)) for key in ASSESSED_AREAS]


def radar(series: list[tuple[str, Profile]], title: str, language: str, ident: str = "radar") -> str:
    svg = radar_chart(area_names(language), [(name, dict(p.levels)) for name, p in series], title, ident=ident)
    allow_styles_of(svg)
    return svg


def area_label(key: str) -> str:
    return label(COMPETENCY_AREAS, key, g.get("lang") or "en")


def page_globals() -> dict:
    return {"area_label": area_label, "maturity_label": lambda key: label(MATURITY_LEVELS, key, g.get("lang") or "en"),
            "maturity_keys": list(MATURITY_LEVELS), "assessed_areas": ASSESSED_AREAS,
            "current_year": date.today().year}
