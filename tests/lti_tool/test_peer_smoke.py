from peer_helpers import launch_member, request_review, review, submit


def test_smoke(world):
    a = launch_member(world, "learner-a")
    assert "Your response" in a.page.text, a.page.text[:3000]
    b = launch_member(world, "learner-b")
    r = submit(world, a, "My **answer**")
    assert r.status_code == 200, r.text[:2000]
    assert "version 1" in r.text
    submit(world, b, "B answer")
    r = request_review(world, a)
    assert r.status_code == 200
    assert "B answer" in r.text, r.text[:3000]
    r = review(world, a, {"evidence": 2, "clarity": 1})
    assert "your review was saved" in r.text, r.text[:3000]
    inst = launch_member(world, "teacher", instructor=True)
    assert "Instructor view" in inst.page.text, inst.page.text[:3000]
