"""Structural accessibility checks on the tool's pages (WCAG 2.1 AA basics a parser can verify): language, title,
one h1, a skip link, every form control labelled, no control without a name."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

LIS = "http://purl.imsglobal.org/vocab/lis/v2/membership#"


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.title = ""
        self.h1 = 0
        self.labels: set[str] = set()
        self.controls: list[dict] = []
        self.images: list[dict] = []
        self.skip = False
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a)
        elif tag == "img":
            self.images.append(a)
        elif tag == "a" and a.get("href") == "#main":
            self.skip = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def audit(html: str) -> None:
    page = _Audit()
    page.feed(html)
    assert page.lang in ("en", "es", "fr", "pt")
    assert page.title.strip()
    assert page.h1 == 1
    assert page.skip
    for control in page.controls:
        assert control.get("id") in page.labels or control.get("aria-label"), f"unlabelled control {control}"
    for image in page.images:
        assert "alt" in image


@pytest.mark.parametrize("spec", [
    {"custom": {"fieldschool_item": "sample.case"}},
    {"custom": {"fieldschool_item": "sample.assessment"}, "locale": "pt-BR"},
    {"resource_link": {"id": "by-hand"}, "roles": [LIS + "Instructor"]},
    {"message_type": "LtiDeepLinkingRequest", "roles": [LIS + "Instructor"], "locale": "es"},
    {"tamper": {"sign_with": "other-key"}},
])
def test_launched_pages_pass_the_structural_audit(world, spec):
    audit(world.launch(**spec).text)


@pytest.mark.parametrize("path", ["/", "/lti/setup", "/lti/register",
                                  "/lti/register?openid_configuration=https://lms.example/openid&invite=x"])
def test_plain_pages_pass_the_structural_audit(client, path):
    audit(client.get(path).get_data(as_text=True))


def test_the_registration_form_passes_the_structural_audit(client, app):
    app.config["OPEN_REGISTRATION"] = True
    page = client.get("/lti/register?openid_configuration=https://lms.example/openid&registration_token=t")
    assert page.status_code == 200
    audit(page.get_data(as_text=True))
