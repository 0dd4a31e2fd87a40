"""The words printed around the curriculum's own text: the core's table (``curriculum.printing.strings``), shared
with every channel that prints."""

from curriculum.printing.strings import STRINGS, strings

__all__ = ["STRINGS", "strings"]
