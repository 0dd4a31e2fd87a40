"""Who sees what: a "jury only" experience reaches its author, the editors and the jurors assigned to it, nobody
else (not the public library, not the picker, not other jurors); a juror's scores and words are theirs alone
(organisers see medians, authors see their result)."""

from __future__ import annotations

import re
from datetime import timedelta

from lti_library_helpers import author_actor, el_progreso, launch_share, user

from lti_tool.extensions import db
from lti_tool.library import cup as cups
from lti_tool.library import experiences
from lti_tool.library.models import CupJuror, CupScore, LibraryExperience
from lti_tool.models import LtiUser, utcnow

SECRET = "Secret jury-only story"


def test_a_jury_only_entry_and_the_jurors_scores_stay_with_whom_they_belong(world):
    # the jurors and the author launch once, so they exist; then the round is set up behind the scenes
    alfa, _, alfa_id = launch_share(world, "juror-alfa")
    beta, _, beta_id = launch_share(world, "juror-beta")
    author_browser, _, author_launch = launch_share(world, "jury-author")
    with world.app.app_context():
        author = db.session.query(LtiUser).filter_by(sub="jury-author").one()
        row = experiences.start(author.id, None, "en", el_progreso(title=SECRET, licence="jury-only"))
        experiences.move(row, "submitted", author_actor(author))
        round_ = cups.open_round(2027, utcnow() + timedelta(days=1), jurors_per_entry=1)
        cups.nominate(round_, row, author.id)
        other = experiences.start(user("open-author").id, None, "en", el_progreso(title="Open story"))
        experiences.move(other, "submitted", author_actor(db.session.get(LtiUser, other.author_id)))
        cups.nominate(round_, other, None)
        for sub in ("juror-alfa", "juror-beta"):
            juror = db.session.query(LtiUser).filter_by(sub=sub).one()
            cups.add_juror(round_, juror.id, f"Org of {sub}", "")
        round_.closes_at = utcnow() - timedelta(minutes=1)
        cups.assign_jurors(round_)
        db.session.commit()
        secret_score = db.session.query(CupScore).join(CupJuror, CupJuror.id == CupScore.juror_id).filter(
            CupScore.entry_id == cups.entries_of(round_)[0][0].id).one()
        secret_juror = db.session.get(CupJuror, secret_score.juror_id)
        holder = db.session.get(LtiUser, secret_juror.user_id).sub
        score_id, exp_id = secret_score.id, row.id

    assigned, assigned_id = (alfa, alfa_id) if holder == "juror-alfa" else (beta, beta_id)
    stranger, stranger_id = (beta, beta_id) if holder == "juror-alfa" else (alfa, alfa_id)
    page = assigned.get(world.tool_url(f"/lti/library/{assigned_id}/jury/{score_id}"))
    assert page.status_code == 200 and SECRET in page.text
    assert stranger.get(world.tool_url(f"/lti/library/{stranger_id}/jury/{score_id}")).status_code == 404
    assert SECRET not in stranger.get(world.tool_url(f"/lti/library/{stranger_id}/jury")).text

    # the juror scores it; the words stay theirs
    from lti_live import parse

    form = parse(page.text).forms[-1]
    data = {**form.fields, **{f"level-{c}": "1" for c in ("learning-value", "evidence", "replicability",
                                                         "inclusion", "sustainability", "systematisation")},
            "overall": "my private remark"}
    assigned.http.post(world.tool_url(f"/lti/library/{assigned_id}/jury/{score_id}"), data=data)
    with world.app.app_context():
        assert db.session.get(CupScore, score_id).comment == "my private remark"
    author_home = author_browser.get(world.tool_url(f"/lti/library/{author_launch}/"))
    assert "my private remark" not in author_home.text and "is entered in the 2027 Cup" in author_home.text

    # never public, never offered to instructors, never exported
    with world.app.app_context():
        row = db.session.get(LibraryExperience, exp_id)
        experiences.move(row, "reviewed", experiences.Actor(None, "ed", frozenset({"editor"})))
        experiences.move(row, "published", experiences.Actor(None, "ed", frozenset({"editor"})))
        db.session.commit()
    public = world.app.test_client()
    assert SECRET not in public.get("/library/").text
    assert public.get(f"/library/{exp_id}").status_code == 404
    picker = world.launch(message_type="LtiDeepLinkingRequest",
                          roles=["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"], user="teacher-1")
    assert SECRET not in picker.text and f"library.exp-{exp_id}" not in picker.text
    assert world.app.test_cli_runner().invoke(args=["library", "export", str(exp_id)]).exit_code == 1


def test_the_juror_assigned_to_an_entry_reads_its_photos_and_documents_while_scoring_it_nobody_else(world):
    """The "evidence" criterion is judged with the entry's files: the juror assigned to it downloads them from the
    scoring page while the round is open; another juror, a learner, and anyone once it is withdrawn get nothing,
    and a draft's files stay the author's."""
    import io

    from lti_tool.library import attachments as files
    from lti_tool.library.models import CupRound

    alfa, _, alfa_id = launch_share(world, "juror-alfa")
    beta, _, beta_id = launch_share(world, "juror-beta")
    learner, _, learner_id = launch_share(world, "a-learner")
    author_browser, _, author_launch = launch_share(world, "evidence-author")
    with world.app.app_context():
        author = db.session.query(LtiUser).filter_by(sub="evidence-author").one()
        row = experiences.start(author.id, None, "en", el_progreso(title="Evidence story"))
        experiences.move(row, "submitted", author_actor(author))
        evidence = files.add(row.id, files.Upload("report.pdf", io.BytesIO(b"%PDF-1.4 the payment records")))
        draft = experiences.start(author.id, None, "en", el_progreso(title="Unfinished story"))
        draft_file = files.add(draft.id, files.Upload("draft.pdf", io.BytesIO(b"%PDF-1.4 not yet")))
        round_ = cups.open_round(2029, utcnow() + timedelta(days=1), jurors_per_entry=1)
        cups.nominate(round_, row, author.id)
        for sub in ("juror-alfa", "juror-beta"):
            cups.add_juror(round_, db.session.query(LtiUser).filter_by(sub=sub).one().id, f"Org of {sub}", "")
        db.session.commit()
        evidence_id, draft_file_id, exp_id, round_id = evidence.id, draft_file.id, row.id, round_.id

    def download(browser, launch_id: str, attachment_id: int):
        return browser.get(world.tool_url(f"/lti/library/{launch_id}/files/{attachment_id}"))

    # entered but not assigned yet: no juror reads it
    assert download(alfa, alfa_id, evidence_id).status_code == 404
    with world.app.app_context():
        round_ = db.session.get(CupRound, round_id)
        round_.closes_at = utcnow() - timedelta(minutes=1)
        cups.assign_jurors(round_)
        db.session.commit()
        score = db.session.query(CupScore).one()
        holder = db.session.get(LtiUser, db.session.get(CupJuror, score.juror_id).user_id).sub
        score_id = score.id
    assigned, assigned_id = (alfa, alfa_id) if holder == "juror-alfa" else (beta, beta_id)
    other, other_id = (beta, beta_id) if holder == "juror-alfa" else (alfa, alfa_id)

    page = assigned.get(world.tool_url(f"/lti/library/{assigned_id}/jury/{score_id}"))
    assert page.status_code == 200 and "Photos and documents" in page.text
    assert re.search(rf'href="/lti/library/{assigned_id}/files/{evidence_id}(\?[^"]*)?">report\.pdf</a>', page.text)
    got = download(assigned, assigned_id, evidence_id)
    assert got.status_code == 200 and got.content == b"%PDF-1.4 the payment records"
    assert download(assigned, assigned_id, draft_file_id).status_code == 404  # a draft's files: the author's alone
    assert download(other, other_id, evidence_id).status_code == 404  # a juror of the round, not of this entry
    assert download(learner, learner_id, evidence_id).status_code == 404
    assert download(author_browser, author_launch, evidence_id).status_code == 200  # the author, as before

    # once the results are confirmed the scoring is over, and so is the juror's reading
    with world.app.app_context():
        db.session.get(CupRound, round_id).status = "confirmed"
        db.session.commit()
    assert download(assigned, assigned_id, evidence_id).status_code == 404
    with world.app.app_context():
        db.session.get(CupRound, round_id).status = "open"
        db.session.commit()
    assert download(assigned, assigned_id, evidence_id).status_code == 200

    # withdrawn by its author: nobody else reads it any more
    with world.app.app_context():
        experiences.move(db.session.get(LibraryExperience, exp_id), "withdrawn", author_actor(
            db.session.query(LtiUser).filter_by(sub="evidence-author").one()))
        db.session.commit()
    assert download(assigned, assigned_id, evidence_id).status_code == 404
    assert "report.pdf" not in assigned.get(world.tool_url(f"/lti/library/{assigned_id}/jury/{score_id}")).text
