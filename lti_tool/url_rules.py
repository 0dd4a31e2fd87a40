"""URL rules whose URL builders are compiled the first time a URL is built from them, not when the app is made.

Werkzeug compiles two small Python functions per rule (``url_for`` with and without extra query arguments) while the
rule is added to the app: for this tool's hundred-odd routes, about 50 ms of the ~60 ms that making the app costs,
spent again by every gunicorn worker at start, every ``fieldschool`` command and every test's app, although most
rules are never built into a URL in a given process. Matching requests does not use these functions, so deferring
them changes no URL and no routing; the first ``url_for`` of a rule pays for its own builder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from werkzeug.routing import Rule


class LazyBuilderRule(Rule):
    """A Werkzeug rule that compiles each of its URL builders on first use (then keeps it)."""

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        compiled: list[Callable[..., tuple[str, str]]] = []
        compile_now = super()._compile_builder

        def build(rule: Rule, /, *args: Any, **kwargs: Any) -> tuple[str, str]:
            if not compiled:
                compiled.append(compile_now(append_unknown))
            return compiled[0](rule, *args, **kwargs)

        return build


class LazyUrlsFlask(Flask):
    """A Flask app whose every rule, its static files' included, is a :class:`LazyBuilderRule`."""

    url_rule_class = LazyBuilderRule
