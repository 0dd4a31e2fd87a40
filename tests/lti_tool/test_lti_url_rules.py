"""URL builders compiled on first use (``lti_tool.url_rules``): making the app compiles none, and every route of the
tool builds exactly the URL Werkzeug's own rule builds, with and without extra query arguments."""

from __future__ import annotations

from werkzeug.routing import Map, Rule

from lti_tool.url_rules import LazyBuilderRule


def _values(rule: Rule) -> dict:
    """A value for each of the rule's variables, of the kind its converter takes."""
    return {name: 7 if type(converter).__name__.endswith("NumberConverter")
            else sorted(converter.items)[0] if hasattr(converter, "items") else f"v-{name}"
            for name, converter in rule._converters.items()}


def test_making_the_app_compiles_no_url_builder(monkeypatch, tmp_path):
    from lti_live import make_app

    compiled: list[str] = []
    original = Rule._compile_builder

    def counted(self, append_unknown=True):
        compiled.append(self.rule)
        return original(self, append_unknown)

    monkeypatch.setattr(Rule, "_compile_builder", counted)
    app = make_app(tmp_path)
    assert all(isinstance(rule, LazyBuilderRule) for rule in app.url_map.iter_rules())
    assert len(list(app.url_map.iter_rules())) > 50 and compiled == []
    with app.test_request_context():
        from flask import url_for

        assert url_for("library_public.index") == "/library/"
    assert compiled == ["/library/"]  # the one rule built, and only its builder without extra arguments


def test_every_route_builds_the_url_werkzeugs_own_rule_builds(app):
    plain = Map(converters=app.url_map.converters)
    rules = list(app.url_map.iter_rules())
    for rule in rules:
        plain.add(Rule(rule.rule, endpoint=rule.endpoint, defaults=rule.defaults, methods=rule.methods))
    twins = {(r.endpoint, r.rule): r for r in plain.iter_rules()}
    for rule in rules:
        twin = twins[rule.endpoint, rule.rule]
        values = _values(twin)
        assert rule.build(values, append_unknown=False) == twin.build(values, append_unknown=False), rule.rule
        extra = values | {"lang": "es", "next": "/a b"}
        assert rule.build(extra) == twin.build(extra), rule.rule


def test_a_variable_named_rule_still_builds():
    urls = Map([LazyBuilderRule("/r/<rule>", endpoint="r")]).bind("tool.example")
    assert urls.build("r", {"rule": "x y"}) == "/r/x%20y"
    assert urls.build("r", {"rule": "a", "q": "1"}) == "/r/a?q=1"
