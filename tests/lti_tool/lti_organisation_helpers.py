"""Helpers for the organisations tests: a person who launched the self-assessment link in the default course and
then moves through /organisations, /visits and /coaching with that launch."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from lti_activity_helpers import csrf, launch, tool_base
from lti_live import Browser

from curriculum.items import ASSESSED_AREAS
from curriculum.self_assessment import INSTRUMENT_ID


class Person:
    def __init__(self, world, user: str, instructor: bool = False, lineitem: str | None = None,
                 link: str = "self-assessment-link", **spec):
        self.world, self.browser = world, Browser()
        self.page = launch(world, INSTRUMENT_ID, user=user, link=link, instructor=instructor,
                           browser=self.browser, lineitem=lineitem, **spec)
        assert "/organisations/self-assessment" in self.page.url, self.page.url
        self.launch = parse_qs(urlsplit(self.page.url).query)["launch_id"][0]
        self.token = csrf(self.page)

    def url(self, path: str) -> str:
        return tool_base(self.world) + path

    def get(self, path: str, **params):
        return self.browser.get(self.url(path), launch_id=self.launch, **params)

    def post(self, path: str, data: dict | list | None = None):
        pairs = list(data.items()) if isinstance(data, dict) else list(data or [])
        payload = [("csrf_token", self.token), ("launch_id", self.launch), *pairs]
        return self.browser.follow(self.browser.http.post(self.url(path), data=payload))

    def create_organisation(self, name: str, **fields):
        data = [("name", name)] + [(k, v) for k, v in fields.items() if k != "languages"]
        data += [("languages", code) for code in fields.get("languages", ["es"])]
        return self.post("/organisations/create", data)

    def self_assess(self, levels: dict[str, int], default: int = 3, notes: dict[str, str] | None = None):
        data = {f"level-{area}": str(levels.get(area, default)) for area in ASSESSED_AREAS}
        data |= {f"evidence-{area}": text for area, text in (notes or {}).items()}
        return self.post("/organisations/self-assessment", data)

    def offer(self, areas: list[str], capacity: int = 3, **extra):
        data = [("areas", a) for a in areas] + [("capacity", str(capacity))] + list(extra.items())
        return self.post("/organisations/offers", data)


def organisation_ids(page) -> dict[str, str]:
    """Organisation name -> id, from the join form of /organisations."""
    return {name: oid for oid, name in re.findall(r'<option value="(\d+)">([^<(]+?) \(', page.text)}


def visit_id(page) -> int:
    return int(re.search(r"/visits/(\d+)\?", page.url).group(1))


def agreement_id(page) -> int:
    return int(re.search(r"/coaching/(\d+)\?", page.url).group(1))
