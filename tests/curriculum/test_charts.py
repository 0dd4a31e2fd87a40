"""Server-drawn SVG figures are well-formed, accessible and carry the numbers they show."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from curriculum.charts import difficulty_bars, histogram, indicator_chart, timeline_chart
from curriculum.model import Indicator, TimelinePhase

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_indicator_chart_is_labelled_and_states_every_value():
    svg = indicator_chart([Indicator("Members with records", "%", 10, 80), Indicator("Yield <kg/ha>", "kg/ha",
                                                                                     450, 720)], "Results")
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "indicators-t indicators-d"
    assert root.find(f"{SVG}title").text == "Results"
    desc = root.find(f"{SVG}desc").text
    assert "Members with records: 10% → 80%" in desc and "Yield <kg/ha>: 450 kg/ha → 720 kg/ha" in desc
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "80%" in texts and "720 kg/ha" in texts
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")][2:]  # skip the legend
    assert widths[1] > widths[0] and widths[3] > widths[2]


def test_timeline_lists_each_phase_in_order():
    phases = [TimelinePhase("2019-03", "First assembly"), TimelinePhase("2020", "Books")]
    root = parse(timeline_chart(phases, "Process"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["2019-03", "First assembly", "2020", "Books"]


def test_histogram_counts_scores_into_bins():
    root = parse(histogram([0.05, 0.95, 1.0, 0.55, 0.5], "Scores"))
    counts = [t.text for t in root.iter(f"{SVG}text")][::2]
    assert counts == ["1", "0", "0", "0", "0", "2", "0", "0", "0", "2"]


def test_difficulty_bars_show_percentages():
    root = parse(difficulty_bars([("q1", 0.25), ("q2", 1.0)], "Difficulty"))
    assert [t.text for t in root.iter(f"{SVG}text")] == ["q1", "25%", "q2", "100%"]
