"""Headless Chromium, the whole cycle of the experience library and the Cup (run on PostgreSQL in the second pass,
``FIELDSCHOOL_TEST_DATABASE_URL``): a learner drafts (autosaved), fails validation, fixes, submits; an editor
returns it, the learner resubmits, the editor publishes; the organiser opens a Cup round; three jurors score four
entries (none from their own organisation); winners are confirmed; the public library shows the entries with
filters and search; an instructor deep-links one into a course and a learner opens it; ``fieldschool library
export`` writes a case file that ``fieldschool validate`` accepts and ``fieldschool export scorm`` packages."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from lti_library_helpers import author_actor, el_progreso, step_form, user

from curriculum.cli import main as fieldschool
from curriculum.experiences.model import STEPS
from lti_tool.extensions import db
from lti_tool.library import experiences
from lti_tool.library.form import ROW_FIELDS, STEP_FIELDS

CHROMIUM = "/usr/bin/chromium"
GOOD = Path(__file__).parents[1] / "curriculum" / "fixtures" / "good"
AXE = Path(__file__).parents[1] / "scorm_export" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CRITERIA = ("learning-value", "evidence", "replicability", "inclusion", "sustainability", "systematisation")
OTHERS = [("Cacao grafting brigade", "Asociación Brote", "Ecuador", "cocoa"),
          ("Banana packing with a women's crew", "Coop Musa", "Colombia", "bananas"),
          ("Coffee quality lab run by young members", "Coop Beta", "Peru", "coffee")]
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium")


@pytest.fixture
def world(tmp_path):
    from lti_live import LtiWorld

    w = LtiWorld(tmp_path)
    yield w
    w.stop()


@pytest.fixture
def browser(chromium):
    return chromium


def person(browser, world, phone: bool = False):
    """A page in its own browser context: each person has their own cookies (phone width for the author)."""
    context = browser.new_context(viewport={"width": 375, "height": 740} if phone else {"width": 1000, "height": 900})
    if AXE.exists():
        context.route(world.tool_url("/__test__/axe.js"), lambda route: route.fulfill(
            path=str(AXE), content_type="application/javascript"))
    return context.new_page()


def axe_violations(page, world) -> list[str]:
    """Serious or critical WCAG 2.1 AA violations on the page (none checked when axe-core is not installed)."""
    if not AXE.exists():
        return []
    page.add_script_tag(url=world.tool_url("/__test__/axe.js"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]


def launch(page, world, user_id: str, role: str = "Learner", item: str = "library-share", link: str = "share-1",
           **extra):
    page.goto(world.platform.url(f"/start/{world.client_id}?" + urlencode(
        {"user": user_id, "role": role, "item": item, "link": link, **extra})))
    page.locator("h1").first.wait_for(timeout=15000)
    return page


def fill_step(page, exp: dict, step: str) -> None:
    """Fill one step of the guided form as a person would (rows one at a time: a new empty row comes after Save)."""
    data = step_form(exp, step)
    rows = {f.name for f in STEP_FIELDS[step] if f.kind == "rows"}
    for name, value in data.items():
        if any(name.startswith(f"{r}-") for r in rows):
            continue
        if name == "licence":
            page.locator(f'[name="licence"][value="{value}"]').check()
            continue
        field = page.locator(f'[name="{name}"]')
        if field.get_attribute("type") == "checkbox":
            field.check()
        elif field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    for name in rows:
        for index, row in enumerate(exp.get(name, [])):
            for key in ROW_FIELDS[name]:
                page.locator(f'[name="{name}-{index}-{key}"]').fill(row.get(key, ""))
            page.get_by_role("button", name="Save", exact=True).click()
            page.locator("h1").wait_for()


def write_steps(page, exp: dict, steps) -> None:
    for step in steps:
        page.goto(page.url.split("/lti/library/")[0] + "/lti/library/" + page.url.split("/lti/library/")[1]
                  .split("/")[0] + f"/step/{step}")
        fill_step(page, exp, step)
        save_next(page)


def save_next(page) -> None:
    """Press "Save and next" and wait until the step is saved (the POST answered), not only until a heading shows:
    the page still has one, and going on at once could abort the save on a loaded machine."""
    with page.expect_response(lambda r: r.request.method == "POST" and "/step/" in r.url, timeout=60000):
        page.locator("#save-next").click()
    page.wait_for_load_state()


def home(page) -> str:
    return page.url.split("/lti/library/")[0] + "/lti/library/" + page.url.split("/lti/library/")[1].split("/")[0] + "/"


def test_the_whole_cycle(world, browser, tmp_path):
    app = world.app
    # Three other organisations' experiences, already submitted (two of them published), to fill the Cup and library.
    with app.app_context():
        editor_for_setup = user("setup-editor")
        for n, (title, organisation, country, commodity) in enumerate(OTHERS):
            author = user(f"other-{n}")
            row = experiences.start(author.id, None, "en", el_progreso(
                title=title, organisation=organisation, facts=dict(el_progreso()["facts"], country=country,
                                                                   commodity=commodity)))
            experiences.move(row, "submitted", author_actor(author))
            if n < 2:
                actor = experiences.Actor(editor_for_setup.id, "Setup", frozenset({"editor"}))
                experiences.move(row, "reviewed", actor)
                experiences.move(row, "published", actor)
        db.session.commit()

    # 1. The learner drafts on a phone: the form saves itself, validation says what is missing, per field.
    marta = launch(person(browser, world, phone=True), world, "marta")
    marta.get_by_role("button", name="Start writing").click()
    marta.locator('[name="title"]').wait_for()
    marta.wait_for_load_state("load")  # the autosave script listens once the page has loaded, as for a person
    exp = el_progreso()
    marta.locator('[name="title"]').fill(exp["title"])
    marta.locator(".save-status").filter(has_text="Saved").wait_for(timeout=60000)  # autosaved, no button pressed
    marta.reload()
    assert marta.locator('[name="title"]').input_value() == exp["title"]
    fill_step(marta, exp, "organisation")
    save_next(marta)
    marta.goto(home(marta))
    marta.locator("#submit-experience").click()
    marta.get_by_text("not ready yet").wait_for()
    assert marta.locator(".problems li").count() >= 4
    assert axe_violations(marta, world) == []
    marta.get_by_role("link", name="Results").first.click()
    assert marta.locator(".field-problem").first.inner_text() == "This is required: write it."
    assert axe_violations(marta, world) == []
    write_steps(marta, exp, [s for s in STEPS if s != "organisation"])
    marta.goto(home(marta))
    assert marta.locator(".problems").count() == 0, marta.locator(".problems").inner_text()
    marta.locator("#submit-experience").click()
    marta.locator('[data-status="submitted"]').wait_for()

    # 2. An editor (named from the command line) returns it with a comment; the learner resubmits; it is published.
    edna = launch(person(browser, world), world, "edna", role="Instructor")
    assert world.app.test_cli_runner().invoke(args=["library", "editors", "add", "edna"]).exit_code == 0
    edna.reload()
    edna.get_by_role("link", name="Editors: experiences waiting for review").click()
    edna.get_by_role("link", name=exp["title"]).click()
    edna.locator("#comment").fill("Please give the source of the payment figures.")
    edna.get_by_role("button", name="Return to the author").click()
    edna.get_by_text("Experiences for review").first.wait_for()
    marta.goto(home(marta))
    marta.locator(".editor-comment").get_by_text("Please give the source of the payment figures.").wait_for()
    marta.get_by_role("link", name="Results").first.click()
    marta.locator('[name="indicators-1-source"]').fill("Payment ledger 2021–2024, audited")
    save_next(marta)
    marta.goto(home(marta))
    marta.locator("#submit-experience").click()
    marta.locator('[data-status="submitted"]').wait_for()
    with app.app_context():
        marta_exp = db.session.query(experiences.LibraryExperience).filter_by(title=exp["title"]).one().id
    edna.goto(home(edna) + f"review/{marta_exp}")
    edna.get_by_role("button", name="Mark as reviewed").click()
    edna.goto(home(edna) + f"review/{marta_exp}")
    edna.get_by_role("button", name="Publish").click()
    edna.get_by_text("published").first.wait_for()

    # 3. The organiser opens the 2027 Cup, enters four experiences, names three jurors and assigns them.
    jurors = {"juror-beta": ("Coop Beta", "Peru"), "juror-ngo": ("Fundación Surco", "Dominican Republic"),
              "juror-uni": ("Universidad del Café", "Costa Rica")}
    juror_pages = {sub: launch(person(browser, world), world, sub) for sub in jurors}
    edna.goto(home(edna) + "cup")
    edna.locator("#year").fill("2027")
    edna.locator("#closes").fill("2099-06-30")
    edna.locator("#per-entry").fill("2")
    edna.get_by_role("button", name="Open the round").click()
    edna.locator("#nominate").wait_for()
    for checkbox in edna.locator('#nominate input[name="experience"]').all():
        checkbox.check()
    edna.get_by_role("button", name="Enter them").click()
    for sub, (organisation, country) in jurors.items():
        edna.locator("#who").fill(sub)
        edna.locator("#j-org").fill(organisation)
        edna.locator("#j-country").fill(country)
        edna.get_by_role("button", name="Add the juror").click()
        edna.locator("#who").wait_for()
    edna.get_by_role("button", name="Close entries now").click()
    edna.get_by_role("button", name="Assign jurors to entries").click()
    edna.get_by_text("8 assignments made").wait_for()

    # 4. Each juror scores what they were given (never an entry of their own organisation).
    for sub, page in juror_pages.items():
        page.goto(home(page) + "jury")
        links = page.locator(".entries a")
        for index in range(links.count()):
            page.goto(home(page) + "jury")
            page.locator(".entries a").nth(index).click()
            page.locator("#j-overall").wait_for()  # read the entry's page, not the list it was opened from
            level = 2 if "Coop Musa" in page.content() else 1
            for criterion in CRITERIA:
                page.locator(f"#j-{criterion}-{level}").check()
            if sub == "juror-ngo" and index == 0:
                assert axe_violations(page, world) == []
            page.locator("#j-overall").fill(f"Scored by {sub}")
            page.get_by_role("button", name="Save my scores").click()
            page.get_by_text("Your scores were saved").wait_for()
    from lti_tool.library.models import CupEntry, CupJuror, CupScore, LibraryExperience
    with app.app_context():
        scored = db.session.query(CupJuror.organisation, LibraryExperience.organisation, CupScore.levels).join(
            CupScore, CupScore.juror_id == CupJuror.id).join(CupEntry, CupEntry.id == CupScore.entry_id).join(
            LibraryExperience, LibraryExperience.id == CupEntry.experience_id).all()
    assert len(scored) == 8 and all(levels for _, _, levels in scored)
    assert all(juror_org != entry_org for juror_org, entry_org, _ in scored)
    assert len({entry_org for _, entry_org, _ in scored}) == 4

    # 5. The organiser confirms the winner (the ranking's first) and a shortlist; the author is told.
    edna.goto(home(edna) + "cup/2027")
    assert axe_violations(edna, world) == []
    assert "Ties are broken" in edna.locator("#tie-break").inner_text()
    first = edna.locator("table.results tbody tr").first
    assert "Coop Musa" in first.inner_text()
    first_entry = first.get_attribute("data-entry")
    edna.locator(f'[name="place-{first_entry}"]').fill("1")
    second_entry = edna.locator("table.results tbody tr").nth(1).get_attribute("data-entry")
    edna.locator(f'input[name="shortlist"][value="{second_entry}"]').check()
    edna.get_by_role("button", name="Confirm winners and shortlist").click()
    edna.locator('[data-round-status="confirmed"]').wait_for()
    marta.goto(home(marta))
    assert marta.locator("[data-cup-result]").count() == 1

    # 6. The public library: no LMS, filters and search, the winner marked, an entry rendered like a case.
    reader = person(browser, world)
    reader.goto(world.tool_url("/library/"))
    listed = reader.locator(".entries li a")
    assert listed.count() == 3
    assert axe_violations(reader, world) == []  # the three published entries; the merely submitted one is not public
    reader.locator("#f-country").select_option("Colombia")
    reader.get_by_role("button", name="Search").click()
    reader.wait_for_url("**country=Colombia**")  # the search is a new page: count on it, not on the one it replaces
    reader.wait_for_load_state("load")
    assert listed.count() == 1 and "Cup 2027, place 1" in reader.locator(".entries").inner_text()
    reader.goto(world.tool_url("/library/?q=revolving"))
    assert listed.count() == 3
    reader.goto(world.tool_url("/library/?q=audited"))  # only Marta's resubmitted version has this word
    assert listed.count() == 1
    reader.locator(".entries a").first.click()
    reader.locator("svg").first.wait_for()
    assert axe_violations(reader, world) == []
    assert "Payment ledger 2021–2024, audited" in reader.content()
    assert reader.locator("#citation").inner_text().startswith("Cooperativa El Progreso")

    # 7. An instructor adds Marta's experience to a course through deep linking; a learner opens it.
    teacher = launch(person(browser, world), world, "teacher", role="Instructor", item="", link="",
                     message_type="LtiDeepLinkingRequest")
    item_id = f"library.exp-{marta_exp}"
    teacher.locator(f'input[value="{item_id}"]').check()
    teacher.get_by_role("button", name="Add to course").click()
    teacher.wait_for_load_state()
    link = next(link for link in world.platform.links if link["custom"].get("fieldschool_item") == item_id)
    assert link["lineitem"]
    luis = launch(person(browser, world), world, "luis", item=item_id, link=link["id"], lineitem=link["lineitem"])
    assert luis.locator("h1").first.inner_text() == exp["title"]
    assert luis.locator("textarea[data-autosave]").count() >= 1  # discussion questions around it

    # 8. The published experience leaves the tool as a case file that validates and packages as SCORM.
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    exported = world.app.test_cli_runner().invoke(args=["library", "export", "--all", "--status", "published",
                                                        "-o", str(content / "90-library")])
    assert exported.exit_code == 0, exported.output
    runner = CliRunner()
    assert runner.invoke(fieldschool, ["validate", str(content)]).exit_code == 0
    packaged = runner.invoke(fieldschool, ["export", "scorm", "--module", "library", "--path", str(content),
                                           "-o", str(tmp_path / "scorm")])
    assert packaged.exit_code == 0, packaged.output
    with zipfile.ZipFile(next((tmp_path / "scorm").glob("*.zip"))) as archive:
        assert any(exp["title"] in archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                   if n.endswith(".html"))
