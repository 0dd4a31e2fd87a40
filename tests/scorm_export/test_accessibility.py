"""Every part of a module page passes axe-core's WCAG 2.0/2.1 A and AA rules, on a phone-sized screen too."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _violations(page) -> list[str]:
    """axe-core's findings on the page as it is now (axe is added once per document: the module page is one document
    whose parts are shown in turn)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:3]})" for v in result["violations"]]


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}, {"width": 1280, "height": 900}])
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_part_meets_wcag_aa(page, site, scorm_again, viewport, language):
    page.set_viewport_size(viewport)
    page.goto(f"{site['url']}/pkg/1.2-{language}/sample/index.html")
    page.locator("#fs-status[data-kind]").wait_for()
    for part in ("overview", "case", "exercise", "assessment"):
        page.locator(f'nav a[data-nav="{part}"]').click()
        page.locator(f"section#{part}").wait_for(state="visible")
        assert _violations(page) == [], part
    # After grading, the feedback shown must meet the rules as well.
    page.locator('input[name="assessment-q1"][value="a"]').check()
    page.locator('[data-submit="assessment"]').click()  # the first click warns about unanswered questions
    page.locator('[data-submit="assessment"]').click()
    page.locator('[data-result="assessment"] p').first.wait_for()
    assert _violations(page) == []


def test_the_page_fits_a_phone_without_sideways_scrolling(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{site['url']}/pkg/2004-en/sample/index.html")
    page.locator("#fs-status[data-kind]").wait_for()
    for part in ("overview", "case", "exercise", "assessment"):
        page.locator(f'nav a[data-nav="{part}"]').click()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, part


def test_the_shipped_modules_meet_wcag_aa_too(page, real_course, tmp_path):
    import io
    import zipfile

    from scorm_export import export_scorm

    if real_course is None:
        pytest.skip("the shipped curriculum has no modules yet")
    page.set_viewport_size({"width": 360, "height": 740})
    for module in real_course.modules[:2] + real_course.modules[-1:]:
        package = export_scorm(real_course, "2004", "module", module.id, "es")[0]
        zipfile.ZipFile(io.BytesIO(package.data)).extractall(tmp_path / module.id)
        page.goto((tmp_path / module.id / module.id / "index.html").as_uri())
        page.locator("#fs-status[data-kind]").wait_for()
        for part in ["overview", *[item_id.split(".", 1)[1] for item_id in module.item_ids]]:
            page.locator(f'nav a[data-nav="{part}"]').click()
            assert _violations(page) == [], (module.id, part)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (module.id, part)
