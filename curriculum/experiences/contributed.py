"""Which curriculum items are contributed experiences from the library (learner-written text, rendered as such).

Every channel's case page asks this of each case it shows, so it lives apart from the case-file writer
(:mod:`.casefile`): showing a case does not import YAML or Babel.
"""

from __future__ import annotations

LIBRARY_MODULE = "library"


def is_contributed(item) -> bool:
    """Whether a curriculum item is a contributed experience from the library (learner-written text)."""
    return item.id.split(".", 1)[0] == LIBRARY_MODULE
