"""Test helpers: real HTTP servers in threads, and a small form-following browser built on requests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin

import requests
from werkzeug.serving import make_server


class _Holder:
    """A WSGI app whose target is set after the server (and so its port) exists."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


class LiveServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self._holder = _Holder()
        self._server = make_server(host, 0, self._holder, threaded=True)
        self.host = host
        self.port = self._server.port
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, app) -> LiveServer:
        self._holder.app = app
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class Form:
    action: str
    method: str
    fields: dict = field(default_factory=dict)
    autosubmit: bool = False


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.data_continue: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(Form(a.get("action") or "", (a.get("method") or "get").lower(), {},
                                   "data-autosubmit" in a))
        elif tag == "input" and self.forms and a.get("type") == "hidden":
            self.forms[-1].fields[a.get("name")] = a.get("value") or ""
        if a.get("id") == "lti1p3-cookie-check":
            self.data_continue = a.get("data-continue")


def parse(html: str) -> _FormParser:
    parser = _FormParser()
    parser.feed(html)
    return parser


class Browser:
    """Follows redirects, the cookie-check page and auto-submitted forms, like a browser with JavaScript."""

    def __init__(self) -> None:
        self.http = requests.Session()

    def follow(self, response: requests.Response, stop_before: str | None = None) -> requests.Response:
        for _ in range(10):
            page = parse(response.text) if "text/html" in response.headers.get("Content-Type", "") else None
            if page and page.data_continue:
                response = self.http.get(page.data_continue)
                continue
            auto = next((f for f in page.forms if f.autosubmit), None) if page else None
            if auto is None:
                return response
            action = urljoin(response.url, auto.action)
            if stop_before and action.startswith(stop_before):
                response.form = auto  # type: ignore[attr-defined]
                return response
            response = self.http.post(action, data=auto.fields)
        raise AssertionError("too many automatic steps")

    def get(self, url: str, **params) -> requests.Response:
        return self.follow(self.http.get(url, params=params or None))

    def start_launch(self, login_url: str, params: dict, stop_before: str | None = None) -> requests.Response:
        return self.follow(self.http.get(login_url + "?" + urlencode(params)), stop_before=stop_before)

    def submit(self, response: requests.Response, data: dict | None = None, form_index: int = -1,
               multi: list[tuple[str, str]] | None = None) -> requests.Response:
        """Submit a form on the page (hidden fields kept), then follow what happens."""
        form = parse(response.text).forms[form_index]
        payload = list(form.fields.items()) + list((data or {}).items()) + list(multi or [])
        action = urljoin(response.url, form.action) if form.action else response.url
        if form.method == "get":
            return self.follow(self.http.get(action, params=payload))
        return self.follow(self.http.post(action, data=payload))
