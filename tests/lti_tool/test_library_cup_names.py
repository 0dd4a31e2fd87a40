"""Names through NRPS in the Cup's notices: organisers and editors see authors and jurors by the names on their
courses' rosters (results page, notices list, CSV, review queue), told apart from "roster unavailable" and "no roster
service"; authors are addressed by that name in the tool; the public library never shows a name without consent.
Real HTTP to the demo platform's NRPS on 127.0.0.1."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from lti_grade_helpers import make_flaky
from lti_library_helpers import author_actor, editor_actor, el_progreso, launch_share
from lti_live import LtiWorld

from lti_tool.extensions import db
from lti_tool.library import cup as cups
from lti_tool.library import experiences
from lti_tool.models import Context, LtiUser, ResourceLink, utcnow

LEARNER = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]
ROSTER = [{"user_id": "author-a", "name": "Ana Quispe Mamani", "roles": LEARNER, "status": "Active"},
          {"user_id": "juror-j", "name": "Julia Roster-Juror", "roles": LEARNER, "status": "Active"}]
BLOCKED = (403, "text/html", b"<html><body><p class='errormessage'>The URL is blocked.</p></body></html>")


def confirmed_round(world) -> int:
    """An experience by author-a, entered, scored by juror-j, winner of the 2027 Cup, and published."""
    with world.app.app_context():
        author = db.session.query(LtiUser).filter_by(sub="author-a").one()
        juror = db.session.query(LtiUser).filter_by(sub="juror-j").one()
        link = db.session.query(ResourceLink.id).filter_by(resource_link_id="share-1").scalar()
        row = experiences.start(author.id, link, "en", el_progreso(contact="Marta López", show_names=False))
        experiences.move(row, "submitted", author_actor(author))
        round_ = cups.open_round(2027, utcnow() + timedelta(days=30), jurors_per_entry=1)
        entry = cups.nominate(round_, row, author.id)
        cups.add_juror(round_, juror.id, "Coop Juror", "Peru")
        cups.close_now(round_)
        cups.assign_jurors(round_)
        cups.confirm(round_, [entry.id], [])
        experiences.move(row, "reviewed", editor_actor(juror))
        experiences.move(row, "published", editor_actor(juror))
        db.session.commit()
        return row.id


def people_and_organiser(world):
    world.platform.members["course-1"] = ROSTER
    launch_share(world, "author-a", name="ana from the launch")
    launch_share(world, "juror-j", name="jj from the launch")
    exp_id = confirmed_round(world)
    organiser, _page, org_id = launch_share(world, "organiser", instructor=True, course="editors", name="Olga")
    return exp_id, organiser, world.tool_url(f"/lti/library/{org_id}")


def test_organisers_see_authors_and_jurors_by_their_roster_names_and_authors_are_addressed_by_it(tmp_path):
    world = LtiWorld(tmp_path, LIBRARY_EDITORIAL_CONTEXTS=("editors",))
    try:
        exp_id, organiser, base = people_and_organiser(world)
        page = organiser.get(f"{base}/cup/2027").text
        assert "Names of authors and jurors from the platforms' rosters" in page
        assert "Author: Ana Quispe Mamani" in page and "Jurors: Julia Roster-Juror" in page
        assert '<li data-juror="' in page and "Julia Roster-Juror — Coop Juror" in page
        notices = page[page.index('id="notices"'):]
        assert "<strong>Ana Quispe Mamani</strong> — “El Progreso" in notices and "winner" in notices
        assert "ana from the launch" not in page
        table = organiser.get(f"{base}/cup/2027/results.csv").text
        [record] = list(csv.DictReader(io.StringIO(table)))
        assert (record["author"], record["jurors"], record["names_from"]) == \
            ("Ana Quispe Mamani", "Julia Roster-Juror", "nrps")
        queue = organiser.get(f"{base}/review").text
        assert "<td>Ana Quispe Mamani</td>" in queue

        _, home, _ = launch_share(world, "author-a", name="ana from the launch")
        assert "Ana Quispe Mamani, here is news of your experiences:" in home.text
        assert 'data-cup-result="winner"' in home.text
        # the roster was asked through the platform's real NRPS endpoint
        assert any(r["form"]["scope"].endswith("contextmembership.readonly")
                   for r in world.platform.received("token_request"))

        # the public library: no roster name, and no contact person without consent
        public = organiser.get(world.tool_url(f"/library/{exp_id}")).text
        assert "El Progreso" in public
        assert "Ana Quispe Mamani" not in public and "Marta López" not in public
        assert "ana from the launch" not in public
    finally:
        world.stop()


def test_roster_unavailable_is_told_apart_from_no_roster_service(tmp_path):
    world = LtiWorld(tmp_path, LIBRARY_EDITORIAL_CONTEXTS=("editors",))
    try:
        flaky = make_flaky(world)
        flaky.roster_failure = BLOCKED
        _exp_id, organiser, base = people_and_organiser(world)
        page = organiser.get(f"{base}/cup/2027").text
        assert "Roster unavailable: the platform's roster call failed" in page and "The URL is blocked." in page
        assert "Author: ana from the launch" in page  # the name the launch gave
        assert "No roster service" not in page
        [record] = list(csv.DictReader(io.StringIO(organiser.get(f"{base}/cup/2027/results.csv").text)))
        assert record["names_from"].startswith("failed: ") and record["author"] == "ana from the launch"
        _, home, _ = launch_share(world, "author-a", name="ana from the launch")  # still told, by the launch's name
        assert "ana from the launch, here is news of your experiences:" in home.text

        with world.app.app_context():
            db.session.query(Context).update({"nrps_url": None})
            db.session.commit()
        page = organiser.get(f"{base}/cup/2027").text
        assert "No roster service: the platforms offer none" in page and "Roster unavailable" not in page
        assert "Author: ana from the launch" in page
        [record] = list(csv.DictReader(io.StringIO(organiser.get(f"{base}/cup/2027/results.csv").text)))
        assert record["names_from"] == "launches"
    finally:
        world.stop()
