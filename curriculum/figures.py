"""Figures inside one item must agree: member counts, totals and their parts, shares and the counts behind them,
and wrong-answer feedback must not give the numeric answer away.

Cases are read sentence by sentence; numbers are parsed the way each language writes them (``1,234.5`` in
English, ``1.234,5`` elsewhere). Every disagreement is a :class:`Problem` at the line that states it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .messages import N_, Message, message
from .model import Assessment, CaseStudy, Course, Question, QuestionType
from .problems import Problem

_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?:[.,]\d+)?(?![\w])"
                     r"|(?<![\w.,])\d+(?:[.,]\d+)?(?!\w)")
_MEMBER_WORDS = {"en": r"members", "es": r"(?:socios|socias|socios y socias|miembros|asociados|asociadas)",
                 "fr": r"(?:membres|adhérents)", "pt": r"(?:membros|associados|sócios)"}
# How a text states the organisation's whole membership: "its 486 members", "a cooperative of 486 members"…
_TOTAL_LEADS = {
    "en": r"(?:\bits|\ball(?: its)?|\bof (?:the|its|all(?: its)?)|\b(?:cooperative|association|organisation|union)"
          r" (?:of|with)|\bhas|\bnow has|\btoday has)",
    "es": r"(?:\bsus|\btodos sus|\btodas sus|\bde (?:sus|los|las)|\b(?:cooperativa|asociación|"
          r"organización|unión)(?: \w+)? (?:de|con)|\btiene|\bcuenta con)",
    "fr": r"(?:\bses|\btous ses|\b(?:coopérative|association|organisation|union)(?: \w+)? (?:de|avec)|\bcompte)",
    "pt": r"(?:\bseus|\btodos os seus|\b(?:cooperativa|associação|organização|união)(?: \w+)? (?:de|com)|\btem)",
}
# Words after "N members" that make them a subset, not the membership: "the 104 members present".
_SUBSET_WORDS = r"(?:present|presentes|présents|who|que|qui|attending|asistentes|took|voted|votaron|votèrent)\b"
_OF = {"en": r"of(?: the| its| all)?", "es": r"de(?: los| las| sus)?", "fr": r"(?:sur|des|de)(?: les| ses)?",
       "pt": r"(?:de|dos|das)(?: seus)?"}
_TOTAL_MARKERS = {"en": r"\b(?:together|in total|in all|altogether|a total of)\b",
                  "es": r"\b(?:en total|en conjunto|en suma)\b", "fr": r"\b(?:au total|en tout)\b",
                  "pt": r"\b(?:no total|ao todo|somados)\b"}
_PERCENT = r"\s?(?:%|percent\b|por ciento\b|pour cent\b|por cento\b)"


def parse_number(text: str, language: str) -> float:
    """A number as written in ``language``: grouping and decimal marks differ between English and the others."""
    text = text.replace("\u00a0", "").replace("\u202f", "")
    group, decimal = (",", ".") if language == "en" else (".", ",")
    if re.fullmatch(rf"\d{{1,3}}(?:\{group}\d{{3}})+(?:\{decimal}\d+)?", text):
        text = text.replace(group, "")
    return float(text.replace(",", "."))


@dataclass(frozen=True)
class Sentence:
    """A sentence of an item's text and the line of its file it starts on."""

    text: str
    line: int


def _sentences(markdown: str, first_line: int) -> Iterator[Sentence]:
    """Sentences of ``markdown`` (joined across line breaks), each with the line it starts on."""
    line = first_line
    for paragraph in re.split(r"\n\s*\n", markdown):
        start = line
        text = " ".join(part.strip() for part in paragraph.splitlines())
        offset = 0
        for piece in re.split(r"(?<=[.;!?])\s+(?=[A-Z¿¡*\"(ÁÉÍÓÚÀÂÇ])", text):
            # Lines are attributed by counting characters: a sentence starts on the line holding its first word.
            before = text[:text.find(piece, offset)] if piece else ""
            offset = len(before) + len(piece)
            yield Sentence(piece, start + _line_offset(paragraph, len(before)))
        line += paragraph.count("\n") + 2


def _line_offset(paragraph: str, chars: int) -> int:
    """Which line of ``paragraph`` (0-based) the ``chars``-th character of its joined text falls on."""
    total = 0
    for n, part in enumerate(paragraph.splitlines()):
        total += len(part.strip()) + 1
        if total > chars:
            return n
    return max(0, paragraph.count("\n"))


def _case_text(case: CaseStudy) -> Iterator[Sentence]:
    """The summary, the timeline and every body section of a case, sentence by sentence, at their file lines."""
    finder = _LineFinder(case.source)
    texts = [(case.summary, case.lines.get("summary", 1))]
    timeline_line = case.lines.get("timeline", 1)
    texts += [(text, timeline_line) for phase in case.timeline
              for text in (phase.milestone, phase.method, phase.resources, phase.who)]
    texts += [(section.markdown, section.line + 1) for section in case.sections]
    for text, line in texts:
        for sentence in _sentences(text, line):
            yield Sentence(sentence.text, finder.line(sentence.text, sentence.line))


class _LineFinder:
    """Finds the file line a sentence starts on, whatever YAML folding or Markdown wrapping did to it."""

    def __init__(self, path: str):
        try:
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().split("\n")
        except OSError:
            lines = []
        self._text, self._line_at = "", []
        for number, text in enumerate(lines, start=1):
            piece = " ".join(text.split()) + " "
            self._text += piece
            self._line_at += [number] * len(piece)

    def line(self, sentence: str, fallback: int) -> int:
        words = " ".join(sentence.split()[:6])
        found = self._text.find(words) if words else -1
        return self._line_at[found] if found >= 0 else fallback


def check_member_counts(case: CaseStudy) -> list[Problem]:
    """Wherever the text states the whole membership, it must be the facts box's figure."""
    problems = []
    lang = case.language if case.language in _MEMBER_WORDS else "en"
    number = r"(\d{1,3}(?:[,.\u00a0\u202f]\d{3})+|\d+)"
    total = re.compile(rf"{_TOTAL_LEADS[lang]}\s+{number}\s+{_MEMBER_WORDS[lang]}\b(?!\s+{_SUBSET_WORDS})",
                       re.IGNORECASE)
    for sentence in _case_text(case):
        for match in total.finditer(sentence.text):
            raw = match.group(1)
            stated = parse_number(raw, lang)
            if stated != case.facts.members:
                problems.append(Problem(case.source, sentence.line,
                                        message(N_("the text gives the organisation {stated} members but the facts "
                                                   "box says {members}: state the same membership everywhere"),
                                                stated=raw, members=case.facts.members)))
    return problems


def check_shares(case: CaseStudy) -> list[Problem]:
    """A share given with its parts ("152 of the 486 members (31 %)") must equal the parts, within rounding."""
    problems = []
    lang = case.language if case.language in _OF else "en"
    number = r"(\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    part_first = re.compile(rf"{number}\s+{_OF[lang]}\s+{number}\b[^.;()%]{{0,60}}?\(\s*{number}{_PERCENT}",
                            re.IGNORECASE)
    share_first = re.compile(rf"{number}{_PERCENT}\s*\(\s*{number}\s+{_OF[lang]}\s+{number}\b", re.IGNORECASE)
    for sentence in _case_text(case):
        for match in part_first.finditer(sentence.text):
            problems += _share_problem(case, sentence, lang, *match.group(1, 2, 3))
        for match in share_first.finditer(sentence.text):
            problems += _share_problem(case, sentence, lang, match.group(2), match.group(3), match.group(1))
    return problems


def _share_problem(case: CaseStudy, sentence: Sentence, lang: str, part: str, whole: str, share: str) -> list[Problem]:
    part_n, whole_n, share_n = (parse_number(x, lang) for x in (part, whole, share))
    if not whole_n or part_n > whole_n:
        return []
    exact = 100 * part_n / whole_n
    if abs(exact - share_n) > 1:
        return [Problem(case.source, sentence.line, message(N_("{part} of {whole} is {exact} %, not {share} %: "
                                                               "recompute the share or correct its parts"),
                                                            part=part, whole=whole, exact=f"{exact:.1f}", share=share))]
    return []


def check_totals(case: CaseStudy) -> list[Problem]:
    """Amounts listed as parts of a total ("USD 40, USD 60, together USD 100") must add up to it."""
    problems = []
    lang = case.language if case.language in _TOTAL_MARKERS else "en"
    money = re.compile(r"(?:USD|US\$|\$|EUR|€|GHS|XOF|FCFA)\s?(\d[\d,.\u00a0\u202f]*\d|\d)")
    percent = re.compile(rf"(\d+(?:[.,]\d+)?){_PERCENT}")
    marker = re.compile(_TOTAL_MARKERS[lang], re.IGNORECASE)
    for sentence in _case_text(case):
        found = marker.search(sentence.text)
        if not found:
            continue
        before, after = sentence.text[:found.start()], sentence.text[found.end():]
        parts = [parse_number(m.group(1), lang) for m in money.finditer(before)]
        total_money = money.search(after[:40])
        if len(parts) >= 2 and total_money:
            stated = parse_number(total_money.group(1), lang)
            if abs(sum(parts) - stated) > 0.5:
                problems.append(Problem(case.source, sentence.line,
                                        message(N_("the parts add up to {sum}, not the total {total}: correct a part "
                                                   "or the total"), sum=f"{sum(parts):g}", total=total_money.group(1))))
            continue
        shares = [parse_number(m.group(1), lang) for m in percent.finditer(before)]
        whole = re.match(r"[\s,:]*(?:the full|the whole|todo|toda|la totalidad|los .{0,12}completos|tout|"
                         r"l'ensemble|a totalidade)", after, re.IGNORECASE)
        if len(shares) >= 2 and whole and abs(sum(shares) - 100) > 0.5:
            problems.append(Problem(case.source, sentence.line,
                                    message(N_("the shares add up to {sum} %, not 100 %: correct them"),
                                            sum=f"{sum(shares):g}")))
    return problems


_TOTAL_ROW = re.compile(r"^\W*(?:total|totales|totaux|totais)\b", re.IGNORECASE)


def check_table_totals(case: CaseStudy) -> list[Problem]:
    """In a Markdown table with a "Total" row, each numeric column of the other rows must add up to it."""
    problems = []
    lang = case.language
    for section in case.sections:
        rows: list[tuple[str, list[str]]] = []
        for line in section.markdown.split("\n") + [""]:
            if line.strip().startswith("|"):
                cells = [c.strip().strip("*").strip() for c in line.strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                    rows.append((line.strip(), cells))
                continue
            problems += _table_problems(case, section.line, rows, lang)
            rows = []
    return problems


def _table_problems(case: CaseStudy, section_line: int, rows: list[tuple[str, list[str]]], lang: str) -> list[Problem]:
    totals = [(raw, cells) for raw, cells in rows if cells and _TOTAL_ROW.match(cells[0])]
    if not totals:
        return []
    raw, total = totals[0]
    body = [cells for _, cells in rows[1:] if not _TOTAL_ROW.match(cells[0])]  # rows[0] is the header
    line = _LineFinder(case.source).line(raw, section_line)
    problems = []
    for column in range(1, len(total)):
        stated = _number_in(total[column], lang)
        parts = [_number_in(cells[column], lang) if column < len(cells) else None for cells in body]
        if stated is None or not parts or any(part is None for part in parts):
            continue
        if abs(sum(parts) - stated) > 0.5:
            problems.append(Problem(case.source, line, message(N_("the table's column {column} adds up to {sum}, not "
                                                                  "the total {total}: correct a row or the total"),
                                                               column=column + 1, sum=f"{sum(parts):g}",
                                                               total=total[column])))
    return problems


def _number_in(cell: str, lang: str) -> float | None:
    found = _NUMBER.findall(cell)
    return parse_number(found[0], lang) if len(found) == 1 else None


def check_feedback_gives_nothing_away(assessment: Assessment) -> list[Problem]:
    """Feedback shown after a wrong answer must not state the numeric answer the learner may try again."""
    problems = []
    for question in assessment.questions:
        for where, feedback, answer in _wrong_feedback(question, assessment.language):
            if feedback and number_in_text(answer, feedback, assessment.language):
                problems.append(Problem(assessment.source, question.line,
                                        message(N_("question '{id}': the feedback for {where} gives away the answer "
                                                   "{answer}; hint at the method instead, and leave the figure to "
                                                   "the explanation shown after the last attempt"),
                                                id=question.id, where=where, answer=f"{answer:g}")))
    return problems


def _wrong_feedback(question: Question, lang: str) -> Iterator[tuple[Message, str, float]]:
    if question.type is QuestionType.NUMERIC and isinstance(question.answer, float | int):
        if number_in_text(float(question.answer), question.prompt, lang):
            return  # the figure is already in the prompt: saying it again gives nothing away
        yield Message(N_("a wrong answer")), question.feedback_incorrect, float(question.answer)
    elif question.type is QuestionType.SINGLE_CHOICE:
        key = next((o for o in question.options if o.correct), None)
        if key is None or len(key.text.split()) > 4:  # only keys that are figures ("USD 7.45", "26 %")
            return
        prompt_numbers = {parse_number(m.group(0), lang) for m in _NUMBER.finditer(question.prompt)}
        key_numbers = {parse_number(m.group(0), lang) for m in _NUMBER.finditer(key.text)} - prompt_numbers
        for option in question.options:
            if option.correct:
                continue
            own = {parse_number(m.group(0), lang) for m in _NUMBER.finditer(option.text)}
            for value in sorted(key_numbers - own):
                yield message(N_("option '{option}'"), option=option.id), option.feedback, value


def number_in_text(value: float, text: str, lang: str) -> bool:
    """Whether ``text`` states ``value`` as a reader of ``lang`` writes numbers (``3`` is not found inside ``2023``
    or ``3.5``)."""
    return any(parse_number(m.group(0), lang) == value for m in _NUMBER.finditer(text))


def check_figures(course: Course) -> list[Problem]:
    """Every figure check above, over every case and assessment of the course."""
    problems: list[Problem] = []
    for module in course.modules:
        for variants in module.items.values():
            for item in variants.values():
                if isinstance(item, CaseStudy):
                    problems += (check_member_counts(item) + check_shares(item) + check_totals(item)
                                 + check_table_totals(item))
                elif isinstance(item, Assessment):
                    problems += check_feedback_gives_nothing_away(item)
    return problems
