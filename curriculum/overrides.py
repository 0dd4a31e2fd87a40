"""Author overrides of an assessment's questions or a peer exercise's rubric, written in the curriculum's YAML.

LMS channels let a course team adapt questions or a rubric without forking the curriculum. The text is read by the
same builders as the content files, so the same rules and the same ``where:line: message`` problems apply.
"""

from __future__ import annotations

from .fields import FieldReader
from .frontmatter import LineList, LineMap, parse_yaml
from .items import build_questions, build_rubric
from .messages import N_, Message
from .model import Question, Rubric
from .problems import Problem


def _read_list(text: str, path: str, key: str, problems: list[Problem]) -> LineMap | None:
    """The YAML list in ``text`` wrapped as ``{key: list}``, or None (with a problem) when it is not a list."""
    data, found = parse_yaml(text or "", path)
    problems.extend(found)
    if found:
        return None
    if not isinstance(data, LineList) or not data:
        problems.append(Problem(path, 1, Message(
            N_("write the questions as a YAML list, one '- id: …' entry each, as in the curriculum's files")
            if key == "questions" else
            N_("write the rubric as a YAML list, one '- id: …' entry each, as in the curriculum's files"))))
        return None
    meta = LineMap({key: data})
    meta.line, meta.lines = 1, {key: 1}
    return meta


def questions_from_yaml(text: str, path: str = "questions") -> tuple[tuple[Question, ...], list[Problem]]:
    """Questions from a YAML list in the form of an assessment's ``questions:``; and every problem found."""
    problems: list[Problem] = []
    meta = _read_list(text, path, "questions", problems)
    if meta is None:
        return (), problems
    return build_questions(FieldReader(path, problems), meta), problems


def rubric_from_yaml(text: str, path: str = "rubric") -> tuple[Rubric, list[Problem]]:
    """A rubric from a YAML list in the form of a peer exercise's ``rubric:``; and every problem found."""
    problems: list[Problem] = []
    meta = _read_list(text, path, "rubric", problems)
    if meta is None:
        return Rubric(criteria=()), problems
    return build_rubric(FieldReader(path, problems), meta), problems
