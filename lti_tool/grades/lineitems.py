"""A gradebook column for links the platform made without one: a link imported from a Common Cartridge names its
item in its URL, and where the platform offers no line item for it, the tool finds or creates one in the course
(AGS line-item service), bound to the link, as the platform does for deep-linked items."""

from __future__ import annotations

import logging

from ..extensions import db
from ..kvstore import shared_store
from ..models import Context, Platform, ResourceLink
from ..services.course import get_course
from ..services.provisioning import LaunchContext
from . import SCORE_MAXIMUM, ags

log = logging.getLogger(__name__)
CREATE_LOCK_SECONDS = 60  # one launch at a time asks the platform for a link's column


def bind_line_item(ctx: LaunchContext) -> str | None:
    """The line item URL of the launch's link, found or created when the link has none yet; None when the platform
    offers no line-item service (or refuses): the activity still opens, without a gradebook column."""
    link = db.session.get(ResourceLink, ctx.resource_link_id) if ctx.resource_link_id else None
    if link is None or link.ags_lineitem_url:
        return link.ags_lineitem_url if link is not None else None
    context = db.session.get(Context, ctx.context_id) if ctx.context_id else None
    if context is None or not context.ags_lineitems_url or ags.LINEITEM_SCOPE not in link.ags_scopes.split():
        return None
    course = get_course()
    item = course.find_item(ctx.custom_item or "", ctx.locale or course.source_language)
    if item is None:
        return None
    lock = f"lineitem-create:{link.id}"
    if not shared_store().add(lock, 1, CREATE_LOCK_SECONDS):
        return None  # another launch of this link is creating it; scores read the link's column when sent
    try:
        url = ags.find_or_create_line_item(ags.connector(db.session.get(Platform, ctx.platform_id)),
                                           context.ags_lineitems_url, {
                                               "scoreMaximum": SCORE_MAXIMUM, "label": item.title,
                                               "resourceId": item.id, "tag": item.type.value,
                                               "resourceLinkId": link.resource_link_id})
    except ags.ServiceError as exc:
        log.warning("no gradebook column for link %s (item %s) on platform %s: %s", link.resource_link_id,
                    item.id, ctx.platform_id, exc)
        return None
    finally:
        shared_store().delete(lock)
    link.ags_lineitem_url = url
    db.session.commit()
    return url
