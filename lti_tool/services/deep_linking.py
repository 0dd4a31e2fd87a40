"""Deep-linking content items for chosen curriculum items: an ``ltiResourceLink`` each, with a line item (so Moodle
and Canvas make a gradebook column) and the ``fieldschool_item`` custom parameter naming the item."""

from __future__ import annotations

from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from curriculum import Course
from curriculum.self_assessment import INSTRUMENT_ID, capacity_instrument

from ..grades import SCORE_MAXIMUM
from .provisioning import ITEM_PARAM


def content_items(course: Course, item_ids: list[str], language: str, launch_url: str) -> list[DeepLinkResource]:
    """One resource link per known item, in the order given; unknown ids are skipped."""
    resources = []
    for item_id in item_ids:
        item = course.find_item(item_id, language)
        if item is None and item_id == INSTRUMENT_ID:
            item = capacity_instrument(language)
        if item is None:
            continue
        line_item = (LineItem().set_score_maximum(SCORE_MAXIMUM).set_label(item.title).set_resource_id(item_id)
                     .set_tag(item.type.value))
        resources.append(
            DeepLinkResource().set_url(launch_url).set_title(item.title).set_lineitem(line_item)
            .set_custom_params({ITEM_PARAM: item_id})
        )
    return resources
