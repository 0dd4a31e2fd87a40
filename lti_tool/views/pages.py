"""Which page a launched item opens when its activity is interactive in this release (case studies, assessments)."""

from __future__ import annotations

from curriculum import Assessment, CaseStudy

from ..services.access import open_activity

PAGES = {"case_study": CaseStudy, "assessment": Assessment}


def activity_page(launch_id: str, item_type: str):
    """The interactive page for this launch's item, or None when the item type has none yet."""
    if item_type not in PAGES:
        return None
    activity = open_activity(launch_id, PAGES[item_type])
    if item_type == "case_study":
        from .case_study import render_page

        return render_page(activity)
    from .assessment import render_page

    return render_page(activity)
