"""A capacity self-assessment inside a module page, under scorm-again (SCORM 1.2 and 2004): one level per area,
the profile kept in suspend_data across launches, one interaction per area, and the part counted as done."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import pytest
from conftest import FIXTURE_COURSE
from scorm_learner import interactions_of as _interactions

from curriculum import load_course
from curriculum.items import ASSESSED_AREAS
from curriculum.self_assessment import INSTRUMENTS
from scorm_export import export_scorm


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
