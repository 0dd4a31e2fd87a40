"""An export keeps the garbage collector off the heap that existed when it began, and gives the heap back as it
found it: after the outermost export, also one that raised, nothing stays frozen, and a freeze made by someone else
is left alone."""

from __future__ import annotations

import gc
import threading

import pytest

from scorm_export import export_scorm
from scorm_export.heap import frozen_heap


@pytest.fixture(autouse=True)
def _nothing_frozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_the_heap_is_frozen_inside_and_unfrozen_after():
    with frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_nested_blocks_unfreeze_only_when_the_outermost_ends():
    with frozen_heap():
        with frozen_heap():
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_a_block_that_raises_unfreezes():
    with pytest.raises(RuntimeError), frozen_heap():
        with frozen_heap():
            raise RuntimeError("boom")
    assert gc.get_freeze_count() == 0
    with frozen_heap():  # and the next export freezes again
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def _frozen(obj: object) -> bool:
    """Whether ``obj`` is in the permanent generation (the collector's generations no longer list it)."""
    return not any(tracked is obj for tracked in gc.get_objects())


def test_a_freeze_made_elsewhere_is_left_alone():
    made_before = [[]]  # a tracked container, frozen by the freeze below
    gc.freeze()
    assert _frozen(made_before)
    with frozen_heap():
        pass
    # still frozen (the freeze count itself can drop while frozen objects elsewhere in the process are freed)
    assert _frozen(made_before) and gc.get_freeze_count() > 0


def test_threads_unfreeze_when_the_last_export_ends():
    inside, release = threading.Event(), threading.Event()

    def other():
        with frozen_heap():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with frozen_heap():
        pass
    assert gc.get_freeze_count() > 0  # the other thread's export is still running
    release.set()
    thread.join(5)
    assert gc.get_freeze_count() == 0


def test_export_scorm_leaves_nothing_frozen(fixture_course):
    assert export_scorm(fixture_course, "1.2", "all")
    assert gc.get_freeze_count() == 0
    with pytest.raises(LookupError):
        export_scorm(fixture_course, "1.2", "module", "no-such-module")
    assert gc.get_freeze_count() == 0


def test_export_scorm_freezes_while_it_builds(fixture_course, monkeypatch):
    import scorm_export

    seen = []
    original = scorm_export.build_package

    def spy(*args, **kwargs):
        seen.append(gc.get_freeze_count())
        return original(*args, **kwargs)

    monkeypatch.setattr(scorm_export, "build_package", spy)
    export_scorm(fixture_course, "1.2", "all")
    assert seen and all(count > 0 for count in seen)
