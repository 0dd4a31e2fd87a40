"""The capacity radar is accessible SVG: one spoke per area, one polygon per assessment, numbers in its text; the
class's distribution per area is accessible SVG too."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from curriculum.charts import distribution_chart, radar_chart

SVG = "{http://www.w3.org/2000/svg}"
AXES = [("governance", "Governance, democracy and member participation"), ("finance", "Finance"),
        ("markets", "Markets <and> contracts")]


def test_radar_states_every_level_and_draws_before_and_after():
    svg = radar_chart(AXES, [("Before", {"governance": 1, "finance": 2, "markets": 2}),
                             ("After", {"governance": 3, "finance": 2, "markets": 4})], "Our profile")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Our profile"
    desc = root.find(f"{SVG}desc").text
    assert "Before: Governance, democracy and member participation 1, Finance 2, Markets <and> contracts 2" in desc
    assert "After: Governance, democracy and member participation 3" in desc
    series = [p for p in root.iter(f"{SVG}polygon") if p.get("class") == "series"]
    assert [p.get("data-series") for p in series] == ["Before", "After"]
    assert series[0].get("stroke-dasharray") and not series[1].get("stroke-dasharray")
    # the governance spoke points straight up: a higher level sits higher on the page
    before_top = float(series[0].get("points").split()[0].split(",")[1])
    after_top = float(series[1].get("points").split()[0].split(",")[1])
    assert after_top < before_top
    assert "Governance, democracy a…" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_single_assessment_is_one_solid_polygon_and_missing_areas_sit_at_the_centre():
    root = ET.fromstring(radar_chart(AXES, [("Now", {"finance": 4})], "Profile", ident="p1"))
    series = [p for p in root.iter(f"{SVG}polygon") if p.get("class") == "series"]
    assert len(series) == 1 and not series[0].get("stroke-dasharray")
    assert series[0].get("points").split()[0] == "360.0,235.0"
    assert root.get("aria-labelledby") == "p1-t p1-d"


def test_the_class_distribution_is_a_stacked_bar_per_area_with_its_numbers_in_the_description():
    svg = distribution_chart([("Finance & audit", [1, 0, 0, 2]), ("Markets", [0, 3, 0, 0])],
                             ["Innovation", "Promising", "Good", "Institutionalised"], "The class", ident="cd")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "cd-t cd-d"
    desc = root.find(f"{SVG}desc").text
    assert "Finance & audit: 1 · Innovation 1, 2 · Promising 0, 3 · Good 0, 4 · Institutionalised 2" in desc
    segments = [r for r in root.iter(f"{SVG}rect") if r.get("data-level")]
    assert [s.get("data-level") for s in segments] == ["1", "4", "2"]  # empty levels draw nothing
    widths = [float(s.get("width")) for s in segments]
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.1)  # as wide as the learners
    assert widths[2] == pytest.approx(widths[0] + widths[1], abs=0.1)
