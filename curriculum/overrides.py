"""Author overrides of an assessment's questions or a peer exercise's rubric, written in the curriculum's YAML.

LMS channels let a course team adapt questions or a rubric without forking the curriculum. The text is read by the
same builders as the content files, so the same rules and the same ``where:line: message`` problems apply.
"""

from __future__ import annotations

import yaml

from .fields import FieldReader
from .frontmatter import LineList, LineMap, _LineLoader
from .items import _question, _rubric
from .model import Question, Rubric
from .problems import Problem


def _read_list(text: str, path: str, key: str, problems: list[Problem]) -> LineMap | None:
    """The YAML list in ``text`` wrapped as ``{key: list}``, or None (with a problem) when it is not a list."""
    loader = _LineLoader(text or "")
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(Problem(path, mark.line + 1 if mark else 1,
                                f"not valid YAML ({(exc.problem or 'syntax error').strip()}); check indentation"))
        return None
    finally:
        loader.dispose()
    if not isinstance(data, LineList) or not data:
        problems.append(Problem(path, 1, f"write the {key} as a YAML list, one '- id: …' entry each, as in the "
                                         "curriculum's files"))
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
    reader = FieldReader(path, problems)
    questions: list[Question] = []
    seen: set[str] = set()
    for n, raw in enumerate(reader.mappings(meta, "questions"), start=1):
        question = _question(reader, raw, n)
        if question is None:
            continue
        if question.id in seen:
            reader.problem(question.line, f"the question id '{question.id}' is used twice")
        seen.add(question.id)
        questions.append(question)
    return tuple(questions), problems


def rubric_from_yaml(text: str, path: str = "rubric") -> tuple[Rubric, list[Problem]]:
    """A rubric from a YAML list in the form of a peer exercise's ``rubric:``; and every problem found."""
    problems: list[Problem] = []
    meta = _read_list(text, path, "rubric", problems)
    if meta is None:
        return Rubric(criteria=()), problems
    return _rubric(FieldReader(path, problems), meta), problems
