"""The Cup's jury rules in the core: the shipped rubric in four languages, juror allocation (balanced, never one's
own organisation or country), median aggregation with the disagreement flag, ranking with the stated tie-break."""

from __future__ import annotations

from collections import Counter

import pytest

from curriculum.experiences.jury import Party, allocate_jurors, jury_exercise, jury_rubric, rank_entries
from curriculum.problems import ContentError

CRITERIA = ["learning-value", "evidence", "replicability", "inclusion", "sustainability", "systematisation"]


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_the_jury_rubric_ships_in_four_languages_with_the_same_shape(language):
    exercise = jury_exercise(language)
    assert exercise.language == language
    assert [c.id for c in exercise.rubric.criteria] == CRITERIA
    assert [[lv.points for lv in c.levels] for c in exercise.rubric.criteria] == \
        [[lv.points for lv in c.levels] for c in jury_exercise("en").rubric.criteria]
    assert len({c.title for c in exercise.rubric.criteria}) == 6


def test_a_round_may_use_a_peer_exercises_rubric_but_nothing_else(sample_course):
    assert jury_rubric("en", "sample.exercise", sample_course) == sample_course.find_item("sample.exercise").rubric
    with pytest.raises(ContentError):
        jury_rubric("en", "sample.case", sample_course)


def test_jurors_never_score_their_own_organisation_or_country_and_share_the_load():
    entries = [Party("e1", "Coop A", "Peru"), Party("e2", "Coop B", "Peru"), Party("e3", "Coop C", "Ghana"),
               Party("e4", "Coop D", "Kenya")]
    jurors = [Party("j1", "Coop A", "Ecuador"), Party("j2", "NGO", "Peru"), Party("j3", "Union", "Ghana")]
    pairs = allocate_jurors(entries, jurors, 2, exclude_country=True)
    org = {p.id: p for p in entries + jurors}
    for juror, entry in pairs:
        assert org[juror].organisation != org[entry].organisation
        assert org[juror].country != org[entry].country
    per_entry = Counter(entry for _, entry in pairs)
    assert per_entry == {"e1": 1, "e2": 2, "e3": 2, "e4": 2}  # only j3 may score e1
    loads = Counter(juror for juror, _ in pairs)
    assert max(loads.values()) - min(loads.values()) <= 1
    without_country = allocate_jurors(entries, jurors, 2)
    assert ("j2", "e1") in without_country or ("j2", "e2") in without_country  # same country allowed now
    assert ("j1", "e1") not in without_country  # own organisation never


def test_ranking_uses_the_median_and_breaks_ties_by_learning_value_then_evidence_then_order():
    rubric = jury_rubric("en")
    top = {c: 2 for c in CRITERIA}
    # b and c have the same total; c has the higher median for learning value
    b = {**{c: 1 for c in CRITERIA}, "learning-value": 0, "evidence": 2}
    c = {**{c: 1 for c in CRITERIA}, "learning-value": 2, "evidence": 0}
    d = {c: 1 for c in CRITERIA}  # the same total again, learning value between the two
    ranked = rank_entries(rubric, {"a": [top, top, {c: 0 for c in CRITERIA}], "b": [b], "c": [c], "d": [d],
                                   "e": []}, order={"a": 3, "b": 1, "c": 2, "d": 0, "e": 4})
    assert [r.entry_id for r in ranked] == ["a", "c", "d", "b", "e"]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 0]
    assert ranked[0].grade.points == 12 and ranked[0].grade.disagreement  # median 2 each, spread flags it


def test_a_complete_tie_goes_to_the_earlier_entry():
    rubric = jury_rubric("en")
    same = {c: 1 for c in CRITERIA}
    ranked = rank_entries(rubric, {"late": [same], "early": [same]}, order={"late": 2.0, "early": 1.0})
    assert [(r.entry_id, r.rank) for r in ranked] == [("early", 1), ("late", 2)]
