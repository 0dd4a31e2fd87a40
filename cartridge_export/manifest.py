"""The cartridge's ``imsmanifest.xml``: LOM metadata (title, language, description, licence), the organisation
(a folder per module) and the resources with their files; instructor-only resources carry the CC 1.1 role."""

from __future__ import annotations

from lxml import etree

from curriculum.model import LICENCE_URLS

from .plan import CartridgePlan, Folder, Resource, ResourceType
from .xmlout import sub, to_bytes

IMSCC = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM_MANIFEST = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOM_RESOURCE = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (
    f"{IMSCC} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
    f"{LOM_MANIFEST} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd "
    f"{LOM_RESOURCE} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd"
)
MANIFEST_NAME = "imsmanifest.xml"
LICENCE_NAMES = {"CC-BY-SA-4.0": "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)"}


def _cc(tag: str) -> str:
    return f"{{{IMSCC}}}{tag}"


def _lang_string(parent: etree._Element, namespace: str, tag: str, text: str, language: str) -> None:
    sub(sub(parent, f"{{{namespace}}}{tag}"), f"{{{namespace}}}string", text, language=language)


def licence_text(licence: str) -> str:
    """The licence as people read it, with the address of its text."""
    name = LICENCE_NAMES.get(licence, licence)
    url = LICENCE_URLS.get(licence, "")
    return f"{name} {url}".strip()


def _metadata(root: etree._Element, plan: CartridgePlan) -> None:
    metadata = sub(root, _cc("metadata"))
    sub(metadata, _cc("schema"), "IMS Common Cartridge")
    sub(metadata, _cc("schemaversion"), "1.1.0")
    lom = sub(metadata, f"{{{LOM_MANIFEST}}}lom")
    general = sub(lom, f"{{{LOM_MANIFEST}}}general")
    _lang_string(general, LOM_MANIFEST, "title", plan.title, plan.language)
    sub(general, f"{{{LOM_MANIFEST}}}language", plan.language)
    if plan.description:
        _lang_string(general, LOM_MANIFEST, "description", " ".join(plan.description.split()), plan.language)
    rights = sub(lom, f"{{{LOM_MANIFEST}}}rights")
    sub(sub(rights, f"{{{LOM_MANIFEST}}}copyrightAndOtherRestrictions"), f"{{{LOM_MANIFEST}}}value", "yes")
    _lang_string(rights, LOM_MANIFEST, "description", licence_text(plan.licence), plan.language)


def _organisation(root: etree._Element, plan: CartridgePlan) -> None:
    organisation = sub(sub(root, _cc("organizations")), _cc("organization"), identifier="fs-organisation",
                       structure="rooted-hierarchy")
    top = sub(organisation, _cc("item"), identifier="fs-root")
    for folder in plan.folders:
        _folder(top, folder)


def _folder(parent: etree._Element, folder: Folder) -> None:
    element = sub(parent, _cc("item"), identifier=folder.identifier)
    sub(element, _cc("title"), folder.title)
    for entry in folder.entries:
        item = sub(element, _cc("item"), identifier=entry.identifier, identifierref=entry.resource.identifier)
        sub(item, _cc("title"), entry.title)


def _instructor_only_metadata(element: etree._Element) -> None:
    """CC 1.1's way to mark a resource for instructors only: the LOM educational role ``Instructor``."""
    lom = sub(sub(element, _cc("metadata")), f"{{{LOM_RESOURCE}}}lom")
    role = sub(sub(lom, f"{{{LOM_RESOURCE}}}educational"), f"{{{LOM_RESOURCE}}}intendedEndUserRole")
    sub(role, f"{{{LOM_RESOURCE}}}source", "IMSGLC_CC_Rolesv1p1")
    sub(role, f"{{{LOM_RESOURCE}}}value", "Instructor")


def _resource(parent: etree._Element, resource: Resource) -> None:
    # Only web content has an href; the other types name their one descriptor file in <file>.
    href = resource.href if resource.type is ResourceType.WEBCONTENT else None
    element = sub(parent, _cc("resource"), identifier=resource.identifier, type=resource.type.value, href=href)
    if resource.instructor_only:
        _instructor_only_metadata(element)
    for path in [resource.href, *sorted(p for p in resource.files if p != resource.href)]:
        sub(element, _cc("file"), href=path)


def manifest_xml(plan: CartridgePlan) -> bytes:
    """The manifest of a planned cartridge."""
    root = etree.Element(_cc("manifest"), nsmap={None: IMSCC, "lomimscc": LOM_MANIFEST, "lom": LOM_RESOURCE,
                                                  "xsi": XSI},
                         identifier=plan.identifier)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATIONS)
    _metadata(root, plan)
    _organisation(root, plan)
    resources = sub(root, _cc("resources"))
    for resource in plan.resources:
        _resource(resources, resource)
    return to_bytes(root)
