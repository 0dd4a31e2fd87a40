"""Library activities placed in courses: which launch opens one, and their deep-linking content items."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from pylti1p3.deep_link_resource import DeepLinkResource

from ..services.activity import launch_link
from ..services.provisioning import ITEM_PARAM, LaunchContext

SHARE_ITEM = "library-share"


def library_page_for(ctx: LaunchContext) -> str | None:
    """The library page a resource-link launch opens, or None when the link is not a library activity."""
    link = launch_link(ctx)
    if ctx.custom_item == SHARE_ITEM or (link is not None and link.item_id == SHARE_ITEM):
        return url_for("library_share.home", launch_id=ctx.launch_id)
    return None


def picker_entries() -> list[dict]:
    """What the deep-linking picker offers beside the curriculum's items."""
    return [{"id": SHARE_ITEM, "title": _("Share an experience"),
             "description": _("Learners write an experience of their organisation for the library and the Cup.")}]


def content_items(chosen: list[str], launch_url: str) -> list[DeepLinkResource]:
    """Deep-linking content items for the chosen library activities (no gradebook column: nothing is graded)."""
    if SHARE_ITEM not in chosen:
        return []
    return [DeepLinkResource().set_url(launch_url).set_title(_("Share an experience"))
            .set_custom_params({ITEM_PARAM: SHARE_ITEM})]
