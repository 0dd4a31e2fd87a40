"""The print channel: per module, an accessible tagged PDF (the one-page summary, the case with its facts box,
timeline and charts, the exercise with its rubric as a worksheet) and the facilitator's guide as a PDF of its own.
Pages are HTML built from the core's model, Markdown rendering and charts; WeasyPrint lays them out."""

from .build import PrintedFile, export_print

__all__ = ["PrintedFile", "export_print"]
