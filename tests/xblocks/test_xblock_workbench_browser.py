"""Headless Chromium against a running workbench: a learner completes an assessment and a case study, and two
learners complete a peer-exercise cycle (submit, review each other, self-assess, see their grade)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def workbench(tmp_path_factory, fixture_course_path):
    """`fieldschool workbench` in a fresh folder (its own var/workbench.db), on a free port."""
    folder = tmp_path_factory.mktemp("workbench")
    port = _free_port()
    script = Path(sys.executable).parent / "fieldschool"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "WORKBENCH_DATABASES")}
    # the blocks of this checkout, not whichever checkout the virtual environment was installed from
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parents[2]), env.get("PYTHONPATH")]))
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen([str(script), "workbench", "--port", str(port), "--curriculum", str(fixture_course_path)],
                            cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((folder / "server.log").read_text()) from None
            time.sleep(0.5)
    else:  # pragma: no cover
        proc.terminate()
        raise RuntimeError("the workbench did not start: " + (folder / "server.log").read_text())
    yield base
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def fixture_course_path():
    return Path(__file__).parents[1] / "curriculum" / "fixtures" / "good"


@pytest.fixture
def in_browser():
    """Run ``steps(page_for)`` with Chromium driven from a thread of its own.

    Playwright's sync API refuses a thread in which another Playwright already runs its event loop (another suite
    may keep a session-wide browser open), so each test starts its own in a fresh thread and re-raises its failure.
    """
    sync_api = pytest.importorskip("playwright.sync_api")

    def run(steps):
        outcome: dict[str, BaseException] = {}

        def target():
            try:
                with sync_api.sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                    try:
                        def page_for(url: str, locale: str = "en-GB"):
                            context = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale)
                            page = context.new_page()  # a phone-sized page per learner
                            page.set_default_timeout(20000)
                            page.goto(url)
                            return page

                        steps(page_for)
                    finally:
                        browser.close()
            except BaseException as exc:  # handed over to the test's thread
                outcome["error"] = exc

        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
        if "error" in outcome:
            raise outcome["error"]

    return run


def test_a_learner_passes_the_assessment(workbench, in_browser):
    in_browser(lambda page_for: _a_learner_passes_the_assessment(workbench, page_for))


def _a_learner_passes_the_assessment(workbench, page_for):
    page = page_for(f"{workbench}/scenario/fieldschool_assessment.0/?student=ana")
    page.get_by_label("The people who lived it").check()
    page.get_by_label("Recover the process").check()
    page.get_by_label("Draw lessons").check()
    page.locator("fieldset[data-question='q3']").get_by_label("True").check()
    page.locator("fieldset[data-question='q4'] input").fill("25")
    page.locator("fieldset[data-question='q5'] input").fill("eje")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("You passed.").wait_for()
    assert "Your last attempt: 100%" in page.content()
    page.reload()
    page.get_by_text("Score kept for your grade: 100%.").wait_for()


def test_a_learner_completes_the_case_study(workbench, in_browser):
    in_browser(lambda page_for: _a_learner_completes_the_case_study(workbench, page_for))


def _a_learner_completes_the_case_study(workbench, page_for):
    page = page_for(f"{workbench}/scenario/fieldschool_case_study.0/?student=ana")
    page.get_by_label("How is your context different?").fill("We are in the highlands.")
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_text("1 of 2 discussion questions answered.").wait_for()
    page.get_by_label("Which lesson applies to you?").fill("Start small.")
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_text("You have completed this case study.").wait_for()


def _review(page, levels: dict[str, str]):
    page.get_by_role("button", name="Review a peer's response").click()
    form = page.locator("form[data-action='submit_review']")
    form.wait_for()
    for criterion, label in levels.items():
        form.locator(f"fieldset[data-criterion='{criterion}']").get_by_text(label, exact=True).click()
    form.get_by_label("Comment for your peer").fill("Useful and clear.")
    form.get_by_role("button", name="Submit my review").click()
    page.get_by_text("Thank you: your review is saved.").wait_for()


def test_two_learners_complete_a_peer_exercise_cycle(workbench, in_browser):
    in_browser(lambda page_for: _two_learners_complete_a_peer_exercise_cycle(workbench, page_for))


def _two_learners_complete_a_peer_exercise_cycle(workbench, page_for):
    url = f"{workbench}/scenario/fieldschool_peer_exercise.0/"
    luis, maria = page_for(url + "?student=luis"), page_for(url + "?student=maria")
    for page, text in ((luis, "We keep a notebook per member."), (maria, "Our secretary keeps the books.")):
        page.get_by_label("Write your response").fill(text)
        page.get_by_role("button", name="Submit my response").click()
        page.get_by_text("Your response is submitted.").wait_for()

    luis.reload()  # luis submitted first: his page was drawn before maria's response existed
    _review(luis, {"evidence": "Excellent", "clarity": "Clear"})
    _review(maria, {"evidence": "Some", "clarity": "Unclear"})
    for page in (luis, maria):
        page.get_by_text("You have done the reviews asked of you.").wait_for()
        form = page.locator("form[data-action='submit_self_review']")
        form.locator("fieldset[data-criterion='evidence']").get_by_text("Good", exact=True).click()
        form.locator("fieldset[data-criterion='clarity']").get_by_text("Clear", exact=True).click()
        form.get_by_role("button", name="Save my self-assessment").click()
        page.get_by_text("Your self-assessment is saved.").wait_for()

    maria.reload()
    maria.get_by_text("Your grade: 100%").wait_for()  # luis rated her Excellent + Clear
    assert "Useful and clear." in maria.content()
    luis.reload()
    luis.get_by_text("Your grade: 20%").wait_for()  # maria rated him Some + Unclear: 1 of 5


def test_an_author_edits_a_block_in_the_studio_view(workbench, in_browser):
    in_browser(lambda page_for: _an_author_edits_a_block_in_the_studio_view(workbench, page_for))


def _an_author_edits_a_block_in_the_studio_view(workbench, page_for):
    page = page_for(f"{workbench}/scenario/fieldschool_case_study.0/studio_view/?student=author")
    page.get_by_label("Display name").fill("")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Give the component a display name.").wait_for()  # refused, with the reason
    page.get_by_label("Display name").fill("Records that build trust")
    page.get_by_label("Language", exact=True).select_option("es")
    page.get_by_label("Follow the learner's language").uncheck()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.").wait_for()
    view = page_for(f"{workbench}/scenario/fieldschool_case_study.0/?student=reader")
    view.get_by_role("heading", name="Records that build trust").wait_for()
    assert 'lang="es"' in view.content()


def test_a_spanish_speaking_learner_gets_spanish(workbench, in_browser):
    in_browser(lambda page_for: _a_spanish_speaking_learner_gets_spanish(workbench, page_for))


def _a_spanish_speaking_learner_gets_spanish(workbench, page_for):
    page = page_for(f"{workbench}/scenario/fieldschool_assessment.0/?student=sofia", locale="es-ES")
    page.get_by_text("Compruebe lo aprendido").first.wait_for()  # the curriculum's Spanish variant
    page.get_by_text("Nota para aprobar: 60%.").wait_for()
    page.get_by_role("button", name="Enviar").click()  # nothing answered: graded, with Spanish feedback
    page.get_by_text("Todavía no aprobó.").wait_for()


def test_staff_grade_a_response_themselves(workbench, in_browser):
    in_browser(lambda page_for: _staff_grade_a_response_themselves(workbench, page_for))


def _staff_grade_a_response_themselves(workbench, page_for):
    url = f"{workbench}/scenario/fieldschool_peer_exercise.0/"
    nina = page_for(url + "?student=nina")
    nina.get_by_label("Write your response").fill("We photograph every receipt.")
    nina.get_by_role("button", name="Submit my response").click()
    nina.get_by_text("Your response is submitted.").wait_for()

    staff = page_for(url + "?student=staff")
    staff.get_by_text("Staff: responses and grades").wait_for()
    form = staff.locator("form[data-action='staff_override']")
    form.get_by_label("Grade a response yourself").select_option(label="nina")
    form.locator("fieldset[data-criterion='evidence']").get_by_text("Good", exact=True).click()
    form.locator("fieldset[data-criterion='clarity']").get_by_text("Clear", exact=True).click()
    form.get_by_label("Reason (the learner sees it)").fill("Reviewed in class.")
    form.get_by_role("button", name="Save the grade").click()
    staff.get_by_text("The grade is saved").wait_for()

    nina.reload()
    nina.get_by_text("Graded by the course staff: Reviewed in class.").wait_for()
    nina.get_by_text("Your grade: 80%").wait_for()  # Good (2) + Clear (2) of 5


AXE = Path(__file__).parents[1] / "scorm_export" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""tags => axe.run(document.querySelector('.fieldschool'),
                                             {runOnly: {type: 'tag', values: tags}})""", WCAG_AA)
    serious = [v for v in found["violations"] if v["impact"] in ("serious", "critical")]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in serious]


@pytest.mark.skipif(not AXE.exists(), reason="axe-core comes with 'make test' (npm ci in tests/scorm_export/node)")
def test_tables_that_scroll_on_a_phone_are_reachable_by_keyboard(workbench, in_browser):
    in_browser(lambda page_for: _tables_that_scroll_on_a_phone_are_reachable_by_keyboard(workbench, page_for))


def _tables_that_scroll_on_a_phone_are_reachable_by_keyboard(workbench, page_for):
    case = page_for(f"{workbench}/scenario/fieldschool_case_study.0/?student=ana")
    staff = page_for(f"{workbench}/scenario/fieldschool_peer_exercise.0/?student=staff")
    for page in (case, staff):
        page.set_viewport_size({"width": 375, "height": 812})
        page.locator(".fs-table").first.wait_for()
        # figures as long as real cases have them: each table is wider than the phone and scrolls
        page.evaluate("""() => document.querySelectorAll('.fs-table th').forEach(th => {
            th.style.whiteSpace = 'nowrap'; th.textContent += ' — a long label, as real indicators have'; })""")
        assert page.evaluate("[...document.querySelectorAll('.fs-table-wrap')].every(w => w.scrollWidth > "
                             "w.clientWidth)")
        assert _axe_violations(page) == [], page.url


@pytest.mark.skipif(not AXE.exists(), reason="axe-core comes with 'make test' (npm ci in tests/scorm_export/node)")
def test_staff_see_the_class_self_assessments_and_download_them(workbench, in_browser):
    in_browser(lambda page_for: _staff_see_the_class_self_assessments(workbench, page_for))


def _staff_see_the_class_self_assessments(workbench, page_for):
    url = f"{workbench}/scenario/fieldschool_self_assessment.0/"
    lea = page_for(url + "?student=lea")
    for area in lea.locator("fieldset.fs-area").all():
        area.locator('input[type="radio"][value="2"]').check()
    lea.locator('fieldset.fs-area[data-area="finance"] input[value="1"]').check()
    lea.get_by_role("button", name="Send the self-assessment").click()
    lea.get_by_text("Your answers are saved.").wait_for()
    assert lea.locator(".fs-distribution").count() == 0
    staff = page_for(url + "?student=staff")
    staff.get_by_text("Staff: the class's profiles").wait_for()
    staff.get_by_text("1 learner has completed the self-assessment").wait_for()
    finance = staff.locator('.fs-distribution tr[data-area="finance"] td')
    assert finance.all_inner_texts() == ["1", "0", "0", "0"]
    assert staff.locator('.fs-staff svg[role="img"]').count() == 1
    assert _axe_violations(staff) == []
    href = staff.get_by_role("link", name="Download as CSV").get_attribute("href")
    download = staff.request.get(workbench + href)
    assert download.status == 200 and download.headers["content-type"].startswith("text/csv")
    assert download.text().splitlines()[1].startswith("lea,1,")
    refused = lea.request.get(workbench + href.replace("student=staff", "student=lea"))
    assert refused.status == 403


@pytest.mark.skipif(not AXE.exists(), reason="axe-core comes with 'make test' (npm ci in tests/scorm_export/node)")
def test_the_self_assessment_fits_a_phone_as_its_multi_device_claim_says(workbench, in_browser):
    in_browser(lambda page_for: _self_assessment_fits_a_phone(workbench, page_for))


def _self_assessment_fits_a_phone(workbench, page_for):
    page = page_for(f"{workbench}/scenario/fieldschool_self_assessment.0/?student=mia")
    page.set_viewport_size({"width": 375, "height": 812})
    page.locator("fieldset.fs-area").first.wait_for()
    # nothing wider than the phone outside a region that scrolls on its own
    assert page.evaluate("""() => [...document.querySelectorAll('.fieldschool *')].every(el =>
        el.getBoundingClientRect().right <= 375 + 1 || el.closest('[tabindex="0"]'))""")
    for area in page.locator("fieldset.fs-area").all():
        area.locator('input[type="radio"][value="3"]').check()
    page.get_by_role("button", name="Send the self-assessment").click()
    page.get_by_text("Your answers are saved.").wait_for()
    assert _axe_violations(page) == []
