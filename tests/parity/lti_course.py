"""The LTI side of a parity scenario as launches would have provisioned it: a platform, a deployment, a course and
one resource link for the item, with a user per ``sub`` (call inside an app context; committed)."""

from __future__ import annotations

from lti_tool.extensions import db
from lti_tool.models import Context, Deployment, LtiUser, Platform, ResourceLink


def provisioned_link(item: str, subs: list[str]) -> tuple[Context, ResourceLink, list[LtiUser]]:
    platform = Platform(issuer="https://lms.example", client_id="c", auth_login_url="https://lms.example/a")
    db.session.add(platform)
    db.session.flush()
    deployment = Deployment(platform_id=platform.id, deployment_id="d")
    db.session.add(deployment)
    db.session.flush()
    context = Context(deployment_id=deployment.id, context_id="course")
    db.session.add(context)
    db.session.flush()
    link = ResourceLink(deployment_id=deployment.id, context_id=context.id, resource_link_id="parity",
                        item_id=item, ags_lineitem_url="https://lms.example/lineitems/1")
    users = [LtiUser(platform_id=platform.id, sub=sub) for sub in subs]
    db.session.add_all([link, *users])
    db.session.commit()
    return context, link, users
