"""The Field School curriculum core: content model, loader and validator, rendering and the learning logic
(grading, rubrics, peer allocation and aggregation) that every channel shares."""

from .loader import check_course, default_course, load_course
from .model import Assessment, CaseStudy, Course, Item, ItemType, Module, PeerExercise
from .problems import ContentError, Problem

__all__ = [
    "Assessment", "CaseStudy", "ContentError", "Course", "Item", "ItemType", "Module", "PeerExercise", "Problem",
    "check_course", "default_course", "load_course",
]
