"""The Cup in the tool: a round opened from the command line, entries and jurors on the organisers' page, jurors
assigned by the core's allocation (never their own organisation), scores seen by their juror alone, medians and the
stated tie-break on the results page, winners confirmed, authors told in the tool, CSV without live formulas."""

from __future__ import annotations

import csv
import io
import re

from lti_library_helpers import author_actor, editor_actor, el_progreso, launch_share, user
from lti_live import LtiWorld, parse

from lti_tool.extensions import db
from lti_tool.library import experiences
from lti_tool.library.models import CupEntry, CupJuror, CupScore, LibraryExperience

ENTRIES = [("=HYPERLINK(\"http://x\")", "Coop Alfa", "Peru"), ("Beta story", "Coop Beta", "Ghana"),
           ("Gamma story", "Coop Gamma", "Kenya"), ("Delta story", "Coop Delta", "Peru")]


def submitted_experiences(app) -> list[tuple[int, str]]:
    """Four submitted experiences by four authors (subs author-0…3) of four organisations."""
    made = []
    with app.app_context():
        editor = user("cli-editor")
        for n, (title, organisation, country) in enumerate(ENTRIES):
            author = user(f"author-{n}", name=f"Author {n}")
            facts = dict(el_progreso()["facts"], country=country)
            row = experiences.start(author.id, None, "en", el_progreso(title=title, organisation=organisation,
                                                                      facts=facts))
            experiences.move(row, "submitted", author_actor(author))
            if n == 0:
                experiences.move(row, "reviewed", editor_actor(editor))
            made.append((row.id, title))
        db.session.commit()
    return made


def form_of(page, action_end: str) -> int:
    return next(i for i, f in enumerate(parse(page.text).forms) if f.action.endswith(action_end))


def test_a_cup_round_from_opening_to_confirmed_winners(tmp_path):
    world = LtiWorld(tmp_path, LIBRARY_EDITORIAL_CONTEXTS=("editors",))
    try:
        runner = world.app.test_cli_runner()
        opened = runner.invoke(args=["cup", "open", "--year", "2027", "--closes", "2099-06-30",
                                     "--jurors-per-entry", "2"])
        assert opened.exit_code == 0, opened.output
        again = runner.invoke(args=["cup", "open", "--year", "2027", "--closes", "2099-06-30"])
        assert again.exit_code == 1 and "Cannot open the Cup: The 2027 Cup is already open." in again.output
        assert runner.invoke(args=["cup", "open", "--year", "2028", "--closes", "2099-06-30",
                                   "--rubric", "sample.case"]).exit_code == 1  # not a peer exercise
        made = submitted_experiences(world.app)
        org, org_page, org_id = launch_share(world, "organiser", instructor=True, course="editors", name="Olga")
        base = world.tool_url(f"/lti/library/{org_id}")
        page = org.get(f"{base}/cup/2027")
        assert page.status_code == 200 and "Beta story" in page.text
        page = org.submit(page, multi=[("experience", str(i)) for i, _ in made], form_index=form_of(page, "/entries"))
        jurors = [("juror-alfa", "Coop Alfa", "Ecuador"), ("juror-beta", "Coop Beta", "Bolivia"),
                  ("juror-ngo", "Fundación Surco", "Peru")]
        juror_sessions = {}
        for sub, organisation, country in jurors:  # the Peruvian NGO's juror works in Spanish
            juror_sessions[sub] = launch_share(world, sub, name=sub.title(),
                                               locale="es" if sub == "juror-ngo" else None)
            page = org.submit(page, {"who": f"{sub}@example.org", "organisation": organisation, "country": country},
                              form_index=form_of(page, "/jurors"))
        assert page.text.count("Coop Alfa") >= 2
        page = org.submit(page, form_index=form_of(page, "/close"))
        page = org.submit(page, form_index=form_of(page, "/assign"))
        assert "8 assignments made" in page.text

        with world.app.app_context():
            pairs = db.session.query(CupJuror.organisation, CupScore.entry_id, CupScore.id).join(
                CupScore, CupScore.juror_id == CupJuror.id).all()
            entry_org = {e.id: exp_org for e, exp_org in db.session.query(CupEntry, CupEntry.experience_id)}
        by_experience = {exp_id: ENTRIES[n][1] for n, (exp_id, _t) in enumerate(made)}
        for organisation, entry_id, _score in pairs:
            assert by_experience[entry_org[entry_id]] != organisation  # never one's own organisation

        # each juror scores what they were given; levels chosen so that entry "Beta" wins clearly
        for sub, (browser, _landing, launch_id) in juror_sessions.items():
            jury = browser.get(world.tool_url(f"/lti/library/{launch_id}/jury"))
            links = re.findall(r'/jury/(\d+)[?"]', jury.text)
            assert links
            for score_id in links:
                page = browser.get(world.tool_url(f"/lti/library/{launch_id}/jury/{score_id}"))
                level = "2" if "Beta story" in page.text else ("1" if "Gamma story" in page.text else "0")
                data = {f"level-{c}": level for c in ("learning-value", "evidence", "replicability", "inclusion",
                                                      "sustainability", "systematisation")}
                if sub == "juror-ngo":  # a level left out: the core's finding, in the juror's language
                    refused = browser.submit(page, {**data, "level-evidence": ""}, form_index=0)
                    assert "elija un nivel para «Evidencia»" in refused.text
                done = browser.submit(page, {**data, "overall": f"secret note of {sub}"}, form_index=0)
                assert ("Sus calificaciones se guardaron" if sub == "juror-ngo" else "Your scores were saved") \
                    in done.text
        # a juror cannot open another juror's assignment, and others see no jury page entries
        alfa_browser, _, alfa_id = juror_sessions["juror-alfa"]
        alfa_scores = set(re.findall(r'/jury/(\d+)[?"]', alfa_browser.get(
            world.tool_url(f"/lti/library/{alfa_id}/jury")).text))
        foreign = next(str(s) for _o, _e, s in pairs if str(s) not in alfa_scores)
        assert alfa_browser.get(world.tool_url(f"/lti/library/{alfa_id}/jury/{foreign}")).status_code == 404

        page = org.get(f"{base}/cup/2027")
        assert "Ties are broken by the higher median for learning value" in page.text
        assert "secret note" not in page.text  # organisers see medians, not a juror's own words
        rows = re.findall(r'<tr data-entry="(\d+)"><td>(\d+)</td><td>([^<]+)<', page.text)
        assert rows[0][2].strip() == "Beta story" and rows[0][1] == "1"
        beta_entry = rows[0][0]
        gamma_entry = next(e for e, _r, t in rows if t.strip() == "Gamma story")
        page = org.submit(page, {f"place-{beta_entry}": "1"}, multi=[("shortlist", gamma_entry)],
                          form_index=form_of(page, "/confirm"))
        assert "Results confirmed" in page.text and 'data-round-status="confirmed"' in page.text

        table = org.get(f"{base}/cup/2027/results.csv")
        assert table.headers["Content-Type"].startswith("text/csv")
        records = list(csv.DictReader(io.StringIO(table.text)))
        assert {r["title"] for r in records} >= {"'=HYPERLINK(\"http://x\")", "Beta story"}
        assert next(r for r in records if r["title"] == "Beta story")["result"] == "winner"

        # the authors are told in the tool
        _, beta_home, _ = launch_share(world, "author-1")
        assert 'data-cup-result="winner"' in beta_home.text and "won place 1 in the 2027 Cup" in beta_home.text
        _, gamma_home, _ = launch_share(world, "author-2")
        assert 'data-cup-result="shortlisted"' in gamma_home.text
        _, alfa_home, _ = launch_share(world, "author-0")
        assert 'data-cup-result="entered"' in alfa_home.text and "took part in the 2027 Cup" in alfa_home.text
        with world.app.app_context():
            winner = db.session.get(LibraryExperience, made[1][0])
            assert (winner.cup_year, winner.cup_place) == (2027, 1)
    finally:
        world.stop()


def test_instructors_enter_experiences_written_in_their_course(world):
    from datetime import timedelta

    from lti_tool.library import cup as cups
    from lti_tool.library.models import LibraryExperience
    from lti_tool.models import utcnow

    browser, page, launch_id = launch_share(world, "writer")
    page = browser.submit(page)  # start a draft on the course's link
    with world.app.app_context():
        row = db.session.query(LibraryExperience).one()
        experiences.save(row, el_progreso())
        experiences.move(row, "submitted", experiences.Actor(row.author_id, "Writer", frozenset({"author"})))
        cups.open_round(2027, utcnow() + timedelta(days=30))
        db.session.commit()
        exp_id = row.id
    teacher, teacher_page, teacher_id = launch_share(world, "teacher", instructor=True)
    assert "Experiences written in this course" in teacher_page.text
    form = form_of(teacher_page, f"/nominate/{exp_id}")
    entered = teacher.submit(teacher_page, form_index=form)
    assert "is entered in the 2027 Cup" in entered.text
    with world.app.app_context():
        assert db.session.query(CupEntry).filter_by(experience_id=exp_id).count() == 1
    # an instructor of another course sees nothing of it and cannot enter it
    other, other_page, other_id = launch_share(world, "other-teacher", instructor=True, course="course-2",
                                               link="share-2")
    assert "Experiences written in this course" not in other_page.text
    refused = other.http.post(world.tool_url(f"/lti/library/{other_id}/cup/2027/nominate/{exp_id}"),
                              data={"csrf_token": parse(other_page.text).forms[0].fields["csrf_token"]})
    assert refused.status_code == 404
    learner, learner_page, learner_id = launch_share(world, "writer")
    forbidden = learner.http.post(world.tool_url(f"/lti/library/{learner_id}/cup/2027/nominate/{exp_id}"),
                                  data={"csrf_token": parse(learner_page.text).forms[0].fields["csrf_token"]})
    assert forbidden.status_code == 403


def test_the_round_closes_on_its_date_and_says_so_in_the_readers_language(app):
    from datetime import timedelta

    import pytest
    from lti_library_helpers import published_experience

    from lti_tool.library import cup as cups
    from lti_tool.models import utcnow

    with app.app_context():
        round_ = cups.open_round(2027, utcnow() + timedelta(days=1))
        experience = db.session.get(LibraryExperience, published_experience())
        cups.nominate(round_, experience, None)  # open: entered
        with pytest.raises(cups.CupError) as refused:
            cups.nominate(round_, experience, None, now=round_.closes_at + timedelta(seconds=1))
    for language, words in (("en", "The 2027 Cup is closed to new entries."),
                            ("es", "La Copa 2027 ya no acepta nuevas candidaturas."),
                            ("fr", "La Coupe 2027 n'accepte plus de nouvelles candidatures."),
                            ("pt", "A Copa 2027 já não aceita novas candidaturas.")):
        with app.test_request_context("/", headers={"Accept-Language": language}):  # a request of its own each
            assert str(refused.value) == words
