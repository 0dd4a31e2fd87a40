"""Every exported manifest is valid against the official SCORM XSDs (through a driver schema importing every
namespace), lists every file of its package, and carries the metadata and mastery score an LMS reads."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from scorm_export import export_scorm
from scorm_export.validation import ManifestInvalid, validate_manifest

VERSIONS = ("1.2", "2004")
CP_NS = {"1.2": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "2004": "http://www.imsglobal.org/xsd/imscp_v1p1"}
ADLCP_NS = {"1.2": "http://www.adlnet.org/xsd/adlcp_rootv1p2", "2004": "http://www.adlnet.org/xsd/adlcp_v1p3"}
IMSSS = "http://www.imsglobal.org/xsd/imsss"


def _courses(*courses):
    return [c for c in courses if c is not None]


def _every_package(course, version):
    """One package per module and the course package, in every language the course has."""
    for lang in course.languages:
        yield from export_scorm(course, version, "all", language=lang)
        yield from export_scorm(course, version, "course", language=lang)


def _manifest(package) -> bytes:
    return zipfile.ZipFile(io.BytesIO(package.data)).read("imsmanifest.xml")


@pytest.mark.parametrize("version", VERSIONS)
def test_every_exported_manifest_is_valid_against_the_official_schemas(version, fixture_course, real_course,
                                                                       two_module_course, schemas_root):
    checked = 0
    for course in _courses(fixture_course, two_module_course, real_course):
        assert len(course.languages) >= 2 or course is real_course
        for package in _every_package(course, version):
            validate_manifest(_manifest(package), version, schemas_root)
            checked += 1
    assert checked >= 4  # module and course packages, two languages, at least the fixture course


def _broken(manifest: bytes, version: str, how: str) -> bytes:
    root = etree.fromstring(manifest)
    cp, adl = CP_NS[version], ADLCP_NS[version]
    if how == "scorm type":
        resource = root.find(f".//{{{cp}}}resource")
        attribute = "scormtype" if version == "1.2" else "scormType"
        resource.set(f"{{{adl}}}{attribute}", "lesson")
    elif how == "missing href":
        for file in root.iter(f"{{{cp}}}file"):
            del file.attrib["href"]
    elif how == "mastery out of range":
        if version == "1.2":  # adlcp_rootv1p2 types masteryscore as a string: misspell the element instead
            root.find(f".//{{{adl}}}masteryscore").tag = f"{{{adl}}}masteryScore"
        else:
            root.find(f".//{{{IMSSS}}}minNormalizedMeasure").text = "1.5"
    elif how == "bad licence vocabulary":
        if version == "1.2":  # IMS MD 1.2.1 has no vocabularies in its schema; break its structure instead
            rights = root.find(".//{http://www.imsglobal.org/xsd/imsmd_rootv1p2p1}rights")
            etree.SubElement(rights, "{http://www.imsglobal.org/xsd/imsmd_rootv1p2p1}unknownelement")
        else:
            root.find(".//{http://ltsc.ieee.org/xsd/LOM}copyrightAndOtherRestrictions/"
                      "{http://ltsc.ieee.org/xsd/LOM}value").text = "maybe"
    elif how == "no organisations":
        root.remove(root.find(f"{{{cp}}}organizations"))
    return etree.tostring(root)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("how", ["scorm type", "missing href", "mastery out of range", "bad licence vocabulary",
                                 "no organisations"])
def test_a_deliberately_broken_manifest_fails_validation(version, how, fixture_course, schemas_root):
    package = export_scorm(fixture_course, version, "module", "sample", "en")[0]
    good = _manifest(package)
    validate_manifest(good, version, schemas_root)
    with pytest.raises(ManifestInvalid) as failure:
        validate_manifest(_broken(good, version, how), version, schemas_root)
    assert failure.value.errors and all(e.startswith("line ") for e in failure.value.errors)


@pytest.mark.parametrize("version", VERSIONS)
def test_the_manifest_lists_every_file_of_the_package_and_nothing_else(version, fixture_course, real_course,
                                                                       two_module_course):
    for course in _courses(fixture_course, two_module_course, real_course):
        for package in _every_package(course, version):
            archive = zipfile.ZipFile(io.BytesIO(package.data))
            in_zip = set(archive.namelist()) - {"imsmanifest.xml"}
            root = etree.fromstring(archive.read("imsmanifest.xml"))
            cp = CP_NS[version]
            listed = [f.get("href") for f in root.iter(f"{{{cp}}}file")]
            assert sorted(listed) == sorted(in_zip), package.filename
            resources = {r.get("identifier"): r for r in root.iter(f"{{{cp}}}resource")}
            for resource in resources.values():
                if resource.get("href"):
                    assert resource.get("href") in in_zip
                for dependency in resource.iter(f"{{{cp}}}dependency"):
                    assert dependency.get("identifierref") in resources
            for item in root.iter(f"{{{cp}}}item"):
                assert item.get("identifierref") in resources


def test_the_sample_module_image_is_packaged_beside_its_page(fixture_course):
    package = export_scorm(fixture_course, "1.2", "module", "sample", "en")[0]
    assert "sample/media/timeline.svg" in package.entries
    page = zipfile.ZipFile(io.BytesIO(package.data)).read("sample/index.html").decode()
    assert 'src="media/timeline.svg"' in page


def test_scorm12_manifest_carries_mastery_score_metadata_and_a_sco_per_module(fixture_course):
    package = export_scorm(fixture_course, "1.2", "course", language="es")[0]
    root = etree.fromstring(_manifest(package))
    ns = {"cp": CP_NS["1.2"], "adlcp": ADLCP_NS["1.2"], "md": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"}
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
    assert root.findtext(".//md:general/md:language", namespaces=ns) == "es"
    assert root.findtext(".//md:general/md:title/md:langstring", namespaces=ns) == "Curso de prueba"
    assert "CC-BY-SA-4.0" in root.findtext(".//md:rights/md:description/md:langstring", namespaces=ns)
    items = root.findall(".//cp:organization/cp:item", namespaces=ns)
    assert len(items) == len(fixture_course.modules)
    assert items[0].findtext("adlcp:masteryscore", namespaces=ns) == "60"  # pass_mark 60 % in the fixture
    scos = [r for r in root.iter(f"{{{ns['cp']}}}resource") if r.get(f"{{{ns['adlcp']}}}scormtype") == "sco"]
    assert [r.get("href") for r in scos] == ["sample/index.html"]


@pytest.mark.parametrize("sequencing, expected", [("flow", {"choice": "false", "flow": "true", "forwardOnly": "true"}),
                                                  ("choice", {"choice": "true", "flow": "true"})])
def test_scorm2004_manifest_has_sequencing_and_a_scaled_passing_score(sequencing, expected, fixture_course,
                                                                      schemas_root):
    package = export_scorm(fixture_course, "2004", "course", language="en", sequencing=sequencing)[0]
    manifest = _manifest(package)
    validate_manifest(manifest, "2004", schemas_root)
    root = etree.fromstring(manifest)
    ns = {"cp": CP_NS["2004"], "ss": IMSSS}
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "2004 4th Edition"
    control = root.find("cp:organizations/cp:organization/ss:sequencing/ss:controlMode", namespaces=ns)
    assert dict(control.attrib) == expected
    primary = root.find(".//cp:item/ss:sequencing/ss:objectives/ss:primaryObjective", namespaces=ns)
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext("ss:minNormalizedMeasure", namespaces=ns) == "0.6"


@pytest.mark.parametrize("version", VERSIONS)
def test_a_course_package_has_one_sco_per_module_in_course_order(version, two_module_course, schemas_root):
    package = export_scorm(two_module_course, version, "course", language="es")[0]
    manifest = _manifest(package)
    validate_manifest(manifest, version, schemas_root)
    root = etree.fromstring(manifest)
    cp = CP_NS[version]
    items = root.findall(f"{{{cp}}}organizations/{{{cp}}}organization/{{{cp}}}item")
    assert [i.get("identifierref") for i in items] == ["res-sco-sample", "res-sco-second"]
    hrefs = {r.get("identifier"): r.get("href") for r in root.iter(f"{{{cp}}}resource")}
    assert [hrefs[i.get("identifierref")] for i in items] == ["sample/index.html", "second/index.html"]
    assert "sample/index.html" in package.entries and "second/index.html" in package.entries


def test_every_page_reference_resolves_to_a_file_in_the_package(fixture_course, real_course):
    import posixpath
    import re

    for course in _courses(fixture_course, real_course):
        for lang in course.languages:
            package = export_scorm(course, "1.2", "course", language=lang)[0]
            archive = zipfile.ZipFile(io.BytesIO(package.data))
            names = set(archive.namelist())
            for name in names:
                if not name.endswith(".html"):
                    continue
                html = archive.read(name).decode("utf-8")
                for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
                    if ref.startswith(("#", "http://", "https://", "mailto:")):
                        continue
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), ref))
                    assert target in names, (package.filename, name, ref)
