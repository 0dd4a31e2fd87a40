"""The tool's CSV writer is the core's (:mod:`curriculum.spreadsheet`): every channel's exports go through it."""

from curriculum.spreadsheet import FORMULA_STARTS, csv_text, safe_cell

__all__ = ["FORMULA_STARTS", "csv_text", "safe_cell"]
