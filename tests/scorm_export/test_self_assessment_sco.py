"""A capacity self-assessment inside a module page, under scorm-again (SCORM 1.2 and 2004): one level per area,
the profile kept in suspend_data across launches, one interaction per area, and the part counted as done; the profile
drawn as the core's radar (the page's JavaScript twin of curriculum.charts.radar_chart, checked against it on the
same profiles), first and latest overlaid once assessed twice, accessible to axe-core's WCAG AA rules."""

from __future__ import annotations

import io
import json
import random
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURE_COURSE
from scorm_learner import interactions_of as _interactions

from curriculum import load_course
from curriculum.charts import radar_chart
from curriculum.items import ASSESSED_AREAS
from curriculum.self_assessment import INSTRUMENTS
from curriculum.vocabulary import COMPETENCY_AREAS, label
from scorm_export import export_scorm

AXE = Path(__file__).parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
SVG = "{http://www.w3.org/2000/svg}"


def course_with_self_assessment(target):
    """The fixture course with the capacity self-assessment added to its module as ``sample.capacity``."""
    shutil.copytree(FIXTURE_COURSE, target)
    module = target / "00-sample"
    for lang in ("en", "es"):
        text = (INSTRUMENTS / f"capacity.{lang}.md").read_text(encoding="utf-8")
        (module / f"capacity.{lang}.md").write_text(text.replace("id: instruments.capacity", "id: sample.capacity"),
                                                    encoding="utf-8")
    module_file = module / "module.en.md"
    module_file.write_text(module_file.read_text(encoding="utf-8").replace(
        "  - sample.assessment\n", "  - sample.assessment\n  - sample.capacity\n"), encoding="utf-8")
    return load_course(target)


@pytest.fixture(scope="module")
def packages(site, tmp_path_factory):
    course = course_with_self_assessment(tmp_path_factory.mktemp("capacity") / "course")
    for version in ("1.2", "2004"):
        (package,) = export_scorm(course, version, "module", "sample", "en")
        with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
            archive.extractall(site["root"] / "pkg" / f"{version}-capacity")
    return course


def rate_every_area(sco, levels: dict[str, int], default: int = 2) -> None:
    sco.locator('nav a[data-nav="capacity"]').click()
    sco.locator("section#capacity").wait_for(state="visible")
    for area in ASSESSED_AREAS:
        sco.locator(f"#capacity-{area}-{levels.get(area, default)}").check()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_profile_lives_in_suspend_data_and_each_area_is_an_interaction(lms, packages, version):
    sco = lms.launch(version, package=f"{version}-capacity")
    sco.locator('nav a[data-nav="capacity"]').click()
    sco.locator("#capacity-finance-1").check()
    sco.get_by_role("button", name="Save my self-assessment").click()
    assert "Choose a level in every area first." in sco.locator('[data-message="capacity"]').inner_text()
    rate_every_area(sco, {"finance": 1, "markets": 3})
    sco.locator("#capacity-finance-notes").fill("No audit since 2022")
    sco.get_by_role("button", name="Save my self-assessment").click()
    sco.get_by_text("Your self-assessment is saved (1 times so far).").wait_for()
    assert sco.locator('[data-profile-area="finance"] [data-latest]').inner_text() == "1"

    cmi = lms.cmi()
    suspend = json.loads(cmi["suspend_data"])
    assert suspend["s"]["capacity"]["p"]["finance"] == 1 and suspend["s"]["capacity"]["p"]["markets"] == 3
    assert suspend["s"]["capacity"]["e"]["finance"] == "No audit since 2022" and suspend["s"]["capacity"]["k"] == 1
    interactions = _interactions(cmi)
    assert len(interactions) == 12
    finance = next(i for i in interactions if "finance" in i["id"])
    response = finance["student_response"] if version == "1.2" else finance["learner_response"]
    assert (finance["type"], response, finance["result"]) == ("numeric", "1", "neutral")

    # a later launch brings the profile back; assessing again keeps the first profile beside the latest
    lms.close_sco()
    initial = {"cmi.suspend_data": cmi["suspend_data"]}
    sco = lms.launch(version, package=f"{version}-capacity", initial=initial)
    sco.locator('nav a[data-nav="capacity"]').click()
    assert sco.locator("#capacity-finance-1").is_checked()
    assert sco.locator('[data-profile-area="finance"] [data-first]').inner_text() == "1"
    sco.locator("#capacity-finance-3").check()
    sco.get_by_role("button", name="Save my self-assessment").click()
    sco.get_by_text("Your self-assessment is saved (2 times so far).").wait_for()
    row = sco.locator('[data-profile-area="finance"]')
    assert (row.locator("[data-first]").inner_text(), row.locator("[data-latest]").inner_text()) == ("1", "3")


def radar_cases() -> list[dict]:
    """Profiles to draw with both twins: every vertex of every spoke (each level everywhere), random profiles with
    unrated areas, one and two series, and labels that need escaping or shortening."""
    rng = random.Random(20261205)
    cases = []
    for language in ("en", "es", "fr", "pt"):
        axes = [(key, label(COMPETENCY_AREAS, key, language)) for key in ASSESSED_AREAS]
        for level in range(5):  # level 0: the area left unrated, drawn at the centre
            cases.append({"axes": axes, "series": [["Only", {k: level for k, _ in axes} if level else {}]]})
        for _ in range(6):
            profiles = [{k: rng.randint(1, 4) for k, _ in axes if rng.random() < 0.85} for _ in range(2)]
            cases.append({"axes": axes, "series": [["Before", profiles[0]], ["After", profiles[1]]]})
    odd = [("a", 'Tom & "Jerry" <b>'), ("b", "O'Brien’s cooperative with a very long name"), ("c", "Año")]
    cases.append({"axes": odd, "series": [['First "one" & <two>', {"a": 1, "b": 4}], ["Latest", {"c": 2}]]})
    cases.append({"axes": odd[:1], "series": [["Solo", {"a": 3}]]})
    return cases


def test_the_pages_radar_is_the_cores_radar_on_the_same_profiles(page, site, packages):
    page.goto((site["root"] / "pkg" / "1.2-capacity" / "sample" / "index.html").as_uri())
    page.locator("#fs-status[data-kind]").wait_for()
    cases = radar_cases()
    drawn = page.evaluate("cases => cases.map(c => FieldSchoolSCO.radar(c.axes, c.series, 'Capacity profile', 4, "
                          "'radar-x'))", [{"axes": [list(a) for a in c["axes"]], "series": c["series"]}
                                          for c in cases])
    for case, js in zip(cases, drawn, strict=True):
        expected = radar_chart(case["axes"], [tuple(entry) for entry in case["series"]], "Capacity profile",
                               ident="radar-x")
        assert js == expected, case


def drawn_radar(sco) -> dict:
    """What the page's radar says: its title, description and each series' polygon."""
    svg = sco.locator('[data-radar="capacity"] svg')
    return {"role": svg.get_attribute("role"), "title": svg.locator("title").text_content(),
            "desc": svg.locator("desc").text_content(),
            "series": [(p.get_attribute("data-series"), p.get_attribute("points"))
                       for p in svg.locator("polygon.series").all()]}


def cores_radar(series: list[tuple[str, dict]]) -> dict:
    root = ET.fromstring(radar_chart([(k, label(COMPETENCY_AREAS, k, "en")) for k in ASSESSED_AREAS], series,
                                     "Capacity profile", ident="radar-capacity"))
    return {"role": "img", "title": root.find(f"{SVG}title").text, "desc": root.find(f"{SVG}desc").text,
            "series": [(p.get("data-series"), p.get("points")) for p in root.iter(f"{SVG}polygon")
                       if p.get("class") == "series"]}


def axe_violations(lms) -> list[str]:
    frame = lms.page.frame(name="sco")
    frame.add_script_tag(path=str(AXE))
    result = frame.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                            ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    return [f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:3]})" for v in result["violations"]]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_profile_is_drawn_as_the_cores_radar_and_first_and_latest_overlay_after_a_second_time(lms, packages,
                                                                                                 version):
    sco = lms.launch(version, package=f"{version}-capacity")
    assert sco.locator('[data-radar="capacity"] svg').count() == 0  # nothing to draw before the first save
    first = {area: 2 for area in ASSESSED_AREAS} | {"finance": 1, "markets": 3}
    rate_every_area(sco, first)
    sco.get_by_role("button", name="Save my self-assessment").click()
    sco.get_by_text("Your self-assessment is saved (1 times so far).").wait_for()
    assert drawn_radar(sco) == cores_radar([("Your profile", first)])

    lms.close_sco()
    sco = lms.launch(version, package=f"{version}-capacity", initial={"cmi.suspend_data": lms.cmi()["suspend_data"]})
    sco.locator('nav a[data-nav="capacity"]').click()
    assert drawn_radar(sco) == cores_radar([("Your profile", first)])  # drawn again from suspend_data
    latest = first | {"finance": 3, "governance": 4}
    sco.locator("#capacity-finance-3").check()
    sco.locator("#capacity-governance-4").check()
    sco.get_by_role("button", name="Save my self-assessment").click()
    sco.get_by_text("Your self-assessment is saved (2 times so far).").wait_for()
    drawn = drawn_radar(sco)
    assert drawn == cores_radar([("First time", first), ("Latest", latest)])
    assert "Financial management and accountability 1" in drawn["desc"]  # the numbers are said, not only drawn
    assert sco.locator('[data-profile-area="finance"] [data-latest]').inner_text() == "3"  # and in the table
    assert axe_violations(lms) == []
