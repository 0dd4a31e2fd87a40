"""The demo course: every activity, launchable as a learner or an instructor, and deep linking, all through a
local demo platform and the tool's real LTI launch."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, g, render_template, request, url_for

from ..services.course import filtered_catalog
from ..services.demo import CLIENT_ID, demo_platform

bp = Blueprint("demo", __name__, url_prefix="/demo")


def start_url(**params) -> str:
    return url_for("devplatform.start", client_id=CLIENT_ID) + "?" + urlencode(params)


@bp.get("/")
def index():
    platform = demo_platform()
    language = request.args.get("lang") or g.get("lang") or "en"
    g.demo = True
    catalog = filtered_catalog(language)
    for module in catalog["modules"]:
        for item in module["items"]:
            link = {"item": item["id"], "link": f"demo-{item['id']}", "title": item["title"], "locale": language}
            item["learner_url"] = start_url(role="Learner", user="demo-learner", **link)
            item["instructor_url"] = start_url(role="Instructor", user="demo-instructor", **link)
    added = [dict(link, learner_url=start_url(role="Learner", user="demo-learner", link=link["id"],
                                              title=link["title"] or "", locale=language,
                                              **({"item": link["custom"]["fieldschool_item"]}
                                                 if link["custom"].get("fieldschool_item") else {}),
                                              **({"lineitem": link["lineitem"]} if link.get("lineitem") else {})))
             for link in platform.links]
    deep_link_url = start_url(role="Instructor", user="demo-instructor", message_type="LtiDeepLinkingRequest",
                              locale=language)
    return render_template("demo.html", catalog=catalog, added=added, deep_link_url=deep_link_url,
                           language=language, demo_page=True)
