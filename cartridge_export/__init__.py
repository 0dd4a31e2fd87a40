"""IMS Common Cartridge 1.1 export of the Field School curriculum: the course structure, web pages, discussion
topics, native QTI quizzes and LTI links to the Field School tool, in one ``.imscc`` an LMS imports in one step.

A plan (:mod:`.plan`) lists the cartridge's resources and the organisation that mirrors the course; writers turn
each kind of resource into its file (:mod:`.pages`, :mod:`.qti`, :mod:`.lti_links`, :mod:`.discussion`), the
manifest (:mod:`.manifest`) ties them together, and the core's deterministic zip packs them.
"""

from .build import BuiltCartridge, cartridge_files, export_cartridge
from .plan import QuizMode

__all__ = ["BuiltCartridge", "QuizMode", "cartridge_files", "export_cartridge"]
