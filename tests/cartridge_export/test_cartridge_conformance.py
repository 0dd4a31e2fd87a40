"""Every manifest and every resource file of every cartridge validates against the official Common Cartridge 1.1
schemas (shipped course in every language, both quiz modes), and a broken one does not."""

from __future__ import annotations

import pytest
from cartridge_reader import NS, open_cartridge
from lxml import etree

from cartridge_export import export_cartridge

TOOL = "https://fieldschool.example.org"


def _errors(schema: etree.XMLSchema, document: etree._Element) -> str:
    return "" if schema.validate(document) else str(schema.error_log)


def assert_conformant(data: bytes, schemas) -> None:
    cartridge = open_cartridge(data)
    assert _errors(schemas["manifest"], cartridge.manifest) == ""
    listed = {f.get("href") for f in cartridge.manifest.iterfind(".//cp:resource/cp:file", NS)}
    assert listed | {"imsmanifest.xml"} == set(cartridge.files), "every file is listed once, none is missing"
    for resource in cartridge.resources():
        kind = resource.get("type")
        if kind == "webcontent":
            assert resource.get("href") in cartridge.files
            continue
        assert resource.get("href") is None
        assert _errors(schemas[kind], cartridge.descriptor(resource)) == "", resource.get("identifier")


@pytest.mark.parametrize("quizzes", ["native", "lti"])
def test_whole_shipped_course_validates_in_every_language(shipped_course, schemas, quizzes):
    for language in shipped_course.languages:
        built = export_cartridge(shipped_course, TOOL, language=language, quizzes=quizzes)
        assert_conformant(built.data, schemas)


def test_each_module_cartridge_validates(fixture_course, shipped_course, schemas):
    for course in (fixture_course, shipped_course):
        for module in course.modules:
            assert_conformant(export_cartridge(course, TOOL, module.id, "es").data, schemas)


def test_the_schemas_catch_a_broken_manifest(fixture_course, schemas):
    manifest = open_cartridge(export_cartridge(fixture_course, TOOL).data).manifest
    assert schemas["manifest"].validate(manifest)
    resource = manifest.find(".//cp:resource", NS)
    resource.set("type", "imsdt_xmlv9")
    assert not schemas["manifest"].validate(manifest)


@pytest.mark.parametrize("kind, breakage", [
    ("imsqti_xmlv1p2/imscc_xmlv1p1/assessment", ".//qti:decvar"),  # drop the score variable every item needs
    ("imsbasiclti_xmlv1p0", ".//blti:vendor"),  # a link must name its vendor
    ("imsdt_xmlv1p1", ".//dt:text"),  # a topic needs its text
])
def test_the_schemas_catch_a_broken_resource_file(fixture_course, schemas, kind, breakage):
    cartridge = open_cartridge(export_cartridge(fixture_course, TOOL).data)
    document = cartridge.descriptor(cartridge.resources(kind)[0])
    assert schemas[kind].validate(document)
    doomed = document.find(breakage, NS)
    doomed.getparent().remove(doomed)
    assert not schemas[kind].validate(document)
