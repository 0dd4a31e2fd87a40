"""Package formats: what a format adds to a :class:`~scorm_export.plan.PackagePlan` (runtime, manifest).

Each format is a small class with ``runtime_files(plan)`` and ``manifest(plan, files)``; the zip is written once
for all of them by :func:`scorm_export.packaging.build_package`. IMS Common Cartridge would be one more class here.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files as package_files
from typing import Protocol

from lxml import etree

from .plan import PackagePlan

RUNTIME_SOURCE = (package_files("scorm_export") / "static" / "runtime.js").read_bytes()
RUNTIME_PATH = "shared/runtime.js"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class PackageFormat(Protocol):
    """What every package format provides."""

    name: str

    def runtime_files(self, plan: PackagePlan) -> dict[str, bytes]: ...

    def manifest(self, plan: PackagePlan, files: dict[str, bytes]) -> tuple[str, bytes]: ...


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100, 2):g}"


def _measure(fraction: float) -> str:
    return f"{round(fraction, 4):g}"


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class _Scorm:
    """What SCORM 1.2 and 2004 share: the runtime script, configured for the version, and the resource layout."""

    version = ""
    suspend_limit = 0

    @property
    def name(self) -> str:
        return f"SCORM {self.version}"

    def runtime_files(self, plan: PackagePlan) -> dict[str, bytes]:
        configure = (f'\nFieldSchoolRuntime.configure({{"version": "{self.version}", '
                     f'"suspendLimit": {self.suspend_limit}}});\n').encode()
        return {RUNTIME_PATH: RUNTIME_SOURCE + configure}

    @staticmethod
    def shared_paths(plan: PackagePlan, files: dict[str, bytes]) -> list[str]:
        owned = {path for obj in plan.objects for path in obj.files}
        return sorted(path for path in files if path not in owned and path != "imsmanifest.xml")

    def add_resources(self, root: etree._Element, cp: str, scorm_type: str, plan: PackagePlan,
                      files: dict[str, bytes]) -> None:
        """One SCO resource per learning object, each depending on one asset resource with the shared files.

        ``scorm_type`` is the qualified attribute name, which 1.2 spells ``scormtype`` and 2004 ``scormType``.
        """
        resources = etree.SubElement(root, cp + "resources")
        for obj in plan.objects:
            resource = etree.SubElement(resources, cp + "resource", identifier=f"res-{obj.identifier}",
                                        type="webcontent", href=obj.href)
            resource.set(scorm_type, "sco")
            for path in obj.files:
                etree.SubElement(resource, cp + "file", href=path)
            etree.SubElement(resource, cp + "dependency", identifierref="res-shared")
        shared = etree.SubElement(resources, cp + "resource", identifier="res-shared", type="webcontent")
        shared.set(scorm_type, "asset")
        for path in self.shared_paths(plan, files):
            etree.SubElement(shared, cp + "file", href=path)


class Scorm12(_Scorm):
    """SCORM 1.2 (ADL 2001): IMS CP 1.1.2 manifest, adlcp_rootv1p2 extensions, IMS metadata 1.2.1."""

    version = "1.2"
    suspend_limit = 4096
    CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
    IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"

    def manifest(self, plan: PackagePlan, files: dict[str, bytes]) -> tuple[str, bytes]:
        cp, adl, md = (f"{{{ns}}}" for ns in (self.CP, self.ADLCP, self.IMSMD))
        root = etree.Element(cp + "manifest", nsmap={None: self.CP, "adlcp": self.ADLCP, "imsmd": self.IMSMD,
                                                     "xsi": XSI},
                             identifier=plan.identifier, version="1.0")
        root.set(f"{{{XSI}}}schemaLocation", f"{self.CP} imscp_rootv1p1p2.xsd {self.IMSMD} imsmd_rootv1p2p1.xsd "
                                             f"{self.ADLCP} adlcp_rootv1p2.xsd")
        metadata = etree.SubElement(root, cp + "metadata")
        etree.SubElement(metadata, cp + "schema").text = "ADL SCORM"
        etree.SubElement(metadata, cp + "schemaversion").text = "1.2"
        self._lom(metadata, md, plan)
        organisations = etree.SubElement(root, cp + "organizations", default=f"org-{plan.identifier}")
        organisation = etree.SubElement(organisations, cp + "organization", identifier=f"org-{plan.identifier}")
        etree.SubElement(organisation, cp + "title").text = plan.title
        for obj in plan.objects:
            item = etree.SubElement(organisation, cp + "item", identifier=f"item-{obj.identifier}",
                                    identifierref=f"res-{obj.identifier}", isvisible="true")
            etree.SubElement(item, cp + "title").text = obj.title
            if obj.pass_mark is not None:
                etree.SubElement(item, adl + "masteryscore").text = _percent(obj.pass_mark)
        self.add_resources(root, cp, adl + "scormtype", plan, files)
        return "imsmanifest.xml", _xml(root)

    @staticmethod
    def _lom(parent: etree._Element, md: str, plan: PackagePlan) -> None:
        def langstring(holder: etree._Element, text: str, lang: str) -> None:
            etree.SubElement(holder, md + "langstring", {XML_LANG: lang}).text = text

        def vocabulary(holder: etree._Element, name: str, value: str) -> None:
            element = etree.SubElement(holder, md + name)
            langstring(etree.SubElement(element, md + "source"), "LOMv1.0", "x-none")
            langstring(etree.SubElement(element, md + "value"), value, "x-none")

        lom = etree.SubElement(parent, md + "lom")
        general = etree.SubElement(lom, md + "general")
        langstring(etree.SubElement(general, md + "title"), plan.title, plan.language)
        etree.SubElement(general, md + "language").text = plan.language
        if plan.description:
            langstring(etree.SubElement(general, md + "description"), plan.description, plan.language)
        rights = etree.SubElement(lom, md + "rights")
        vocabulary(rights, "cost", "no")
        vocabulary(rights, "copyrightandotherrestrictions", "yes")
        langstring(etree.SubElement(rights, md + "description"), plan.licence_text, "x-none")


class Sequencing:
    """SCORM 2004 simple sequencing for the organisation: modules in order (forward only) or free choice."""

    FLOW = "flow"
    CHOICE = "choice"


@dataclass
class Scorm2004(_Scorm):
    """SCORM 2004 4th Edition: IMS CP 1.1.4 manifest, ADL CP/sequencing/navigation, IMS SS, IEEE LOM."""

    sequencing: str = Sequencing.FLOW
    version = "2004"
    suspend_limit = 64000
    CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
    ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
    ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
    ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
    IMSSS = "http://www.imsglobal.org/xsd/imsss"
    LOM = "http://ltsc.ieee.org/xsd/LOM"

    @property
    def name(self) -> str:
        return "SCORM 2004 4th Edition"

    def manifest(self, plan: PackagePlan, files: dict[str, bytes]) -> tuple[str, bytes]:
        cp, adl, ss, lom_ns = (f"{{{ns}}}" for ns in (self.CP, self.ADLCP, self.IMSSS, self.LOM))
        root = etree.Element(cp + "manifest", nsmap={
            None: self.CP, "adlcp": self.ADLCP, "adlseq": self.ADLSEQ, "adlnav": self.ADLNAV, "imsss": self.IMSSS,
            "lom": self.LOM, "xsi": XSI}, identifier=plan.identifier, version="1")
        root.set(f"{{{XSI}}}schemaLocation", " ".join([
            self.CP, "imscp_v1p1.xsd", self.ADLCP, "adlcp_v1p3.xsd", self.ADLSEQ, "adlseq_v1p3.xsd",
            self.ADLNAV, "adlnav_v1p3.xsd", self.IMSSS, "imsss_v1p0.xsd", self.LOM, "lom.xsd"]))
        metadata = etree.SubElement(root, cp + "metadata")
        etree.SubElement(metadata, cp + "schema").text = "ADL SCORM"
        etree.SubElement(metadata, cp + "schemaversion").text = "2004 4th Edition"
        self._lom(metadata, lom_ns, plan)
        organisations = etree.SubElement(root, cp + "organizations", default=f"org-{plan.identifier}")
        organisation = etree.SubElement(organisations, cp + "organization", identifier=f"org-{plan.identifier}")
        organisation.set(f"{{{self.ADLSEQ}}}objectivesGlobalToSystem", "false")
        etree.SubElement(organisation, cp + "title").text = plan.title
        for obj in plan.objects:
            item = etree.SubElement(organisation, cp + "item", identifier=f"item-{obj.identifier}",
                                    identifierref=f"res-{obj.identifier}", isvisible="true")
            etree.SubElement(item, cp + "title").text = obj.title
            sequencing = etree.SubElement(item, ss + "sequencing")
            if obj.pass_mark is not None:
                objectives = etree.SubElement(sequencing, ss + "objectives")
                primary = etree.SubElement(objectives, ss + "primaryObjective", satisfiedByMeasure="true",
                                           objectiveID=f"{obj.module_id}.mastery")
                etree.SubElement(primary, ss + "minNormalizedMeasure").text = _measure(obj.pass_mark)
            etree.SubElement(sequencing, ss + "deliveryControls", completionSetByContent="true",
                             objectiveSetByContent="true")
        control = etree.SubElement(etree.SubElement(organisation, ss + "sequencing"), ss + "controlMode")
        if self.sequencing == Sequencing.FLOW:
            control.attrib.update({"choice": "false", "flow": "true", "forwardOnly": "true"})
        else:
            control.attrib.update({"choice": "true", "flow": "true"})
        self.add_resources(root, cp, adl + "scormType", plan, files)
        return "imsmanifest.xml", _xml(root)

    @staticmethod
    def _lom(parent: etree._Element, ns: str, plan: PackagePlan) -> None:
        def string(holder: etree._Element, text: str, lang: str) -> None:
            etree.SubElement(holder, ns + "string", language=lang).text = text

        def vocabulary(holder: etree._Element, name: str, value: str) -> None:
            element = etree.SubElement(holder, ns + name)
            etree.SubElement(element, ns + "source").text = "LOMv1.0"
            etree.SubElement(element, ns + "value").text = value

        lom = etree.SubElement(parent, ns + "lom")
        general = etree.SubElement(lom, ns + "general")
        string(etree.SubElement(general, ns + "title"), plan.title, plan.language)
        etree.SubElement(general, ns + "language").text = plan.language
        if plan.description:
            string(etree.SubElement(general, ns + "description"), plan.description, plan.language)
        rights = etree.SubElement(lom, ns + "rights")
        vocabulary(rights, "cost", "no")
        vocabulary(rights, "copyrightAndOtherRestrictions", "yes")
        string(etree.SubElement(rights, ns + "description"), plan.licence_text, "en")


def scorm_format(version: str, sequencing: str = Sequencing.FLOW) -> PackageFormat:
    """The SCORM format for ``"1.2"`` or ``"2004"``."""
    if version == "1.2":
        return Scorm12()
    if version == "2004":
        return Scorm2004(sequencing=sequencing)
    raise ValueError(f"unknown SCORM version '{version}': use 1.2 or 2004")
