"""LTI links (``imsbasiclti_xmlv1p0``) to the Field School tool, one per activity that needs the tool.

The item is in the launch URL itself (``…/lti/launch?item=<item id>``) because Moodle's importer keeps only a
link's title, description, launch URL and icon; it is also a custom parameter for LMSs that keep those.
"""

from __future__ import annotations

from urllib.parse import urlencode

from lxml import etree

from .xmlout import sub, to_bytes

LTICC = "http://www.imsglobal.org/xsd/imslticc_v1p0"
BLTI = "http://www.imsglobal.org/xsd/imsbasiclti_v1p0"
LTICM = "http://www.imsglobal.org/xsd/imslticm_v1p0"
LTICP = "http://www.imsglobal.org/xsd/imslticp_v1p0"
ITEM_QUERY = "item"  # the launch URL's query parameter naming the item (the tool reads the same name)
ITEM_CUSTOM = "fieldschool_item"  # the custom parameter naming the item
VENDOR_CODE = "fieldschool"
VENDOR_NAME = "Field School of Producer Development"


def launch_url(tool_url: str, item_id: str) -> str:
    """The tool's launch URL for one item, e.g. ``https://tool.example/lti/launch?item=experiences.case``."""
    return f"{tool_url.rstrip('/')}/lti/launch?{urlencode({ITEM_QUERY: item_id})}"


def lti_link_xml(title: str, description: str, tool_url: str, item_id: str) -> bytes:
    """The ``cartridge_basiclti_link`` document for one item."""
    root = etree.Element(f"{{{LTICC}}}cartridge_basiclti_link",
                         nsmap={None: LTICC, "blti": BLTI, "lticm": LTICM, "lticp": LTICP})
    sub(root, f"{{{BLTI}}}title", title)
    if description:
        sub(root, f"{{{BLTI}}}description", " ".join(description.split()))
    custom = sub(root, f"{{{BLTI}}}custom")
    sub(custom, f"{{{LTICM}}}property", item_id, name=ITEM_CUSTOM)
    url = launch_url(tool_url, item_id)
    sub(root, f"{{{BLTI}}}launch_url", url)
    if url.startswith("https://"):
        sub(root, f"{{{BLTI}}}secure_launch_url", url)
    vendor = sub(root, f"{{{BLTI}}}vendor")
    sub(vendor, f"{{{LTICP}}}code", VENDOR_CODE)
    sub(vendor, f"{{{LTICP}}}name", VENDOR_NAME)
    return to_bytes(root)
