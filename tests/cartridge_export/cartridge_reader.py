"""Reading a cartridge back with zipfile, lxml and the official schemas only (never with the code that wrote it)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[2]
FIXTURE_COURSE = REPO / "tests" / "curriculum" / "fixtures" / "good"
CC11 = REPO / "tests" / "conformance" / "schemas" / "cc11"
NS = {
    "cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
    "lomm": "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest",
    "lomr": "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource",
    "qti": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2",
    "cc": "http://www.imsglobal.org/xsd/imslticc_v1p0",
    "blti": "http://www.imsglobal.org/xsd/imsbasiclti_v1p0",
    "lticm": "http://www.imsglobal.org/xsd/imslticm_v1p0",
    "dt": "http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1",
}
# Each resource type's descriptor file validates against its own official schema; the manifest against the
# driver schema that imports the four manifest namespaces (see tests/conformance/schemas/SOURCES.md).
RESOURCE_SCHEMAS = {
    "imsbasiclti_xmlv1p0": "imslticc_v1p0p1.xsd",
    "imsdt_xmlv1p1": "ccv1p1_imsdt_v1p1.xsd",
    "imsqti_xmlv1p2/imscc_xmlv1p1/assessment": "ccv1p1_qtiasiv1p2p1_v1p0.xsd",
}


def load_schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(CC11 / name)))


@dataclass
class OpenedCartridge:
    """A cartridge read back with zipfile and lxml only."""

    files: dict[str, bytes]
    manifest: etree._Element

    def resources(self, kind: str | None = None) -> list[etree._Element]:
        found = self.manifest.findall(".//cp:resources/cp:resource", NS)
        return [r for r in found if kind is None or r.get("type") == kind]

    def descriptor(self, resource: etree._Element) -> etree._Element:
        return etree.fromstring(self.files[resource.find("cp:file", NS).get("href")])


def open_cartridge(data: bytes) -> OpenedCartridge:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return OpenedCartridge(files, etree.fromstring(files["imsmanifest.xml"]))
