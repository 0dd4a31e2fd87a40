"""The inline ``style`` attributes of the core's SVG figures, as Content-Security-Policy hash sources: what
:mod:`lti_tool.views.csp` adds to a page's policy. Pure, so a page model can keep them beside its figures."""

from __future__ import annotations

import base64
import hashlib
import re

_STYLE = re.compile(r'style="([^"]*)"')


def style_hashes(*svgs: str) -> frozenset[str]:
    """The CSP sources (``'sha256-…'``) of the inline style attributes of these SVG strings."""
    return frozenset(f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"
                     for svg in svgs for style in _STYLE.findall(svg or ""))
