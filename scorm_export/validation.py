"""Validating manifests against the official SCORM XSDs, offline, through a driver schema per version.

The driver imports every namespace a manifest uses, each from its local file, so extensions are checked
strictly (the 2004 content-packaging schema alone lets them through a lax wildcard). SCORM 1.2's published
files need two fixes before libxml2 compiles them; they are applied to a temporary copy, never to the originals
(see ``tests/conformance/schemas/SOURCES.md``).
"""

from __future__ import annotations

import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from lxml import etree

NAMESPACES = {
    "1.2": {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
    },
    "2004": {
        "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
        "http://ltsc.ieee.org/xsd/LOM": "lom.xsd",
    },
}
FOLDERS = {"1.2": "scorm12", "2004": "scorm2004_4th"}


class ManifestInvalid(ValueError):
    """A manifest the official schemas reject; ``errors`` holds libxml2's messages with line numbers."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors[:5]))
        self.errors = errors


def _fix_scorm12(folder: Path) -> None:
    """The two in-memory fixes SCORM 1.2's files need (SOURCES.md, quirks 2 and 3)."""
    ims_xml = folder / "ims_xml.xsd"
    text = ims_xml.read_bytes().replace(b'xmlns="http://www.w3.org/XML/1998/namespace"', b"", 1)
    ims_xml.write_bytes(text)
    imsmd = folder / "imsmd_rootv1p2p1.xsd"
    imsmd.write_bytes(imsmd.read_bytes().replace(b'<xsd:any namespace="##any"', b'<xsd:any namespace="##other"'))


def driver_schema_text(version: str) -> bytes:
    """A schema with no namespace of its own that imports every namespace of the version from its local file."""
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{name}"/>'
                      for ns, name in NAMESPACES[version].items())
    return (f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>').encode()


@lru_cache(maxsize=4)
def load_schema(version: str, schemas_root: str) -> etree.XMLSchema:
    """The compiled driver schema for ``"1.2"`` or ``"2004"`` from ``schemas_root`` (holding scorm12/ etc.)."""
    source = Path(schemas_root) / FOLDERS[version]
    if not source.is_dir():
        raise FileNotFoundError(f"no SCORM {version} schemas in {source}")
    with tempfile.TemporaryDirectory(prefix=f"scorm{version}-xsd-") as tmp:
        folder = Path(tmp) / FOLDERS[version]
        shutil.copytree(source, folder)
        if version == "1.2":
            _fix_scorm12(folder)
        driver = folder / "driver.xsd"
        driver.write_bytes(driver_schema_text(version))
        return etree.XMLSchema(etree.parse(str(driver)))


def validate_manifest(manifest: bytes, version: str, schemas_root: str | Path) -> None:
    """Raise :class:`ManifestInvalid` unless ``manifest`` is valid SCORM ``version`` per the official XSDs."""
    schema = load_schema(version, str(Path(schemas_root).resolve()))
    document = etree.fromstring(manifest, etree.XMLParser(resolve_entities=False, no_network=True)).getroottree()
    if not schema.validate(document):
        raise ManifestInvalid([f"line {e.line}: {e.message}" for e in schema.error_log])
