"""The XSD accepts what the codec writes and rejects broken documents."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from onshi.oqs import errors, messages, validation, xml
from onshi.oqs.codes import (
    CharacterCode,
    ConsentFlag,
    ConsentStatus,
    InsuredCardClassification,
    PersonalFamily,
    PreschoolClassification,
    ProcessingResultStatus,
    QualificationValidity,
    ReasonOfLoss,
    ReferenceClassification,
    SegmentOfResult,
    Sex,
)
from onshi.rules.limit import LimitCategory, LimitCertificateKind, SpecificDisease
from tests.oqs.documents import (
    REFERENCE_REQUEST,
    REFERENCE_RESULT,
    full_request,
    full_result,
    minimal_result,
    qualification_result,
    result_with,
)

XS = {"xs": "http://www.w3.org/2001/XMLSchema"}
XSD = etree.fromstring(
    resources.files("onshi.oqs.schema").joinpath("qualification.xsd").read_bytes())


def two_results() -> messages.ConfirmationResult:
    return result_with(qualification_result(),
                       replace(qualification_result(), specific_diseases=(), name="試験　花子"))


def no_match() -> messages.ConfirmationResult:
    """該当資格なし (§5.3): no ResultList, no echo."""
    document = full_result()
    return replace(document, body=messages.ResultBody(
        status=ProcessingResultStatus.NORMAL, validity=QualificationValidity.NOT_FOUND))


EMITTED: list[Callable[[], object]] = [full_request, full_result, minimal_result, two_results,
                                       no_match]


@pytest.mark.parametrize("character_code", list(CharacterCode), ids=lambda c: c.declaration)
@pytest.mark.parametrize("make", EMITTED, ids=lambda m: m.__name__)
def test_emitted_documents_validate(make: Callable[[], object],
                                    character_code: CharacterCode) -> None:
    assert validation.validate(xml.dump(make(), character_code)) == []


@pytest.mark.parametrize("fixture", [REFERENCE_REQUEST, REFERENCE_RESULT], ids=lambda p: p.name)
def test_reference_examples_validate(fixture: Path) -> None:
    assert validation.validate(fixture.read_bytes()) == []


def test_schema_is_cached() -> None:
    assert validation.schema() is validation.schema()


# Mutations of the UTF-8 full request / result: (element to change, new text or None to drop).
REQUEST_MUTATIONS = [
    ("Birthdate", "1953041"),
    ("Birthdate", "19531301"),
    ("Birthdate", "1953-04-15"),
    ("QualificationConfirmationDate", "20250632"),
    ("MedicalInstitutionCode", "131234567"),
    ("MedicalInstitutionCode", "13123456790"),
    ("MedicalInstitutionCode", "13１2345679"),
    ("LimitApplicationCertificateRelatedConsFlg", "2"),
    ("CharacterCodeIdentifier", "2"),
    ("MedicalInstitutionCode", None),
    ("InsuredIdentificationNumber", None),
    ("Birthdate", None),
]
ENTRY = "ResultOfQualificationConfirmation/"
RESULT_MUTATIONS = [
    (ENTRY + "InsuredBranchNumber", "1"),
    (ENTRY + "InsuredBranchNumber", "001"),
    (ENTRY + "InsuredBranchNumber", "ab"),
    (ENTRY + "InsurerNumber", "123456"),
    ("ProcessExecutionTime", "2025060109301"),
    ("ProcessExecutionTime", "20250601253012"),
    ("PharmaceuticalInfoAcquisitionTime", "202506022359"),
    ("SegmentOfResult", "3"),
    ("ProcessingResultStatus", "9"),
    ("QualificationValidity", "6"),
    ("ReferenceClassification", "7"),
    ("Sex1", "4"),
    ("InsuredCardClassification", "A1"),
    ("ReasonOfLoss", "04"),
    ("LimitApplicationCertificateClassificationFlag", "C01"),
    ("SpecificDiseasesDiseaseCategory", "4"),
    ("OperationInfoConsFlg", "4"),
    ("SpecificDiseasesCertificateRelatedConsFlg", "4"),
    ("PrescriptionIssueSelect", "3"),
    ("PostNumber", "1000001"),
    ("SegmentOfResult", None),
    ("CharacterCodeIdentifier", None),
    ("Name", None),
    ("InsurerName", None),
    ("ResultOfQualificationConfirmation", None),
]


def mutated(document: object, name: str, text: str | None) -> bytes:
    """The document with its first element `name` (or `Parent/Child`) given `text`, or gone."""
    root = etree.fromstring(xml.dump(document))
    parent, _, child = name.rpartition("/")
    target = next(root.iter(parent)).find(child) if parent else next(root.iter(child))
    if text is None:
        target.getparent().remove(target)
    else:
        target.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize(("name", "text"), REQUEST_MUTATIONS)
def test_broken_request_is_invalid(name: str, text: str | None) -> None:
    found = validation.validate(mutated(full_request(), name, text))
    assert found and any(name in error for error in found)


@pytest.mark.parametrize(("name", "text"), [
    ("InsurerNumber", "123456"), ("InsurerNumber", "０１１３００１２"),
    ("InsuredBranchNumber", "1"),
])
def test_echoed_card_data_is_text_as_staff_type_it(name: str, text: str) -> None:
    assert validation.validate(mutated(full_result(), name, text)) == []


@pytest.mark.parametrize(("name", "text"), RESULT_MUTATIONS)
def test_broken_result_is_invalid(name: str, text: str | None) -> None:
    found = validation.validate(mutated(full_result(), name, text))
    assert found and any(name.rpartition("/")[2] in error for error in found)


def test_result_header_without_process_time_is_invalid() -> None:
    found = validation.validate(mutated(full_result(), "ProcessExecutionTime", None))
    assert found and "ReferenceClassification': This element is not expected" in found[0]


def test_unchanged_mutation_base_is_valid() -> None:
    assert validation.validate(mutated(full_result(), "Name", "試験　花子")) == []


def test_wrong_root_is_invalid() -> None:
    data = xml.dump(full_request()).replace(b"XmlMsg>", b"XmlMessage>")
    assert validation.validate(data) != []


def test_writer_order_is_required() -> None:
    root = etree.fromstring(xml.dump(full_result()))
    header = root.find("MessageHeader")
    header[:] = list(reversed(header))
    assert validation.validate(etree.tostring(root)) != []


def test_older_consent_names_are_not_emitted_names() -> None:
    data = xml.dump(full_result()).replace(b"PharmaceuticalInfo", b"PharmacistsInfo")
    assert validation.validate(data) != []


def test_unreadable_documents_are_reported() -> None:
    assert validation.validate(b"<XmlMsg>") != []
    shift_jis = xml.dump(full_request(), CharacterCode.SHIFT_JIS)
    assert validation.validate(shift_jis.replace(b"0012", b"\x81\x20")) != []


def test_external_entity_is_not_read() -> None:
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
            b"<XmlMsg><MessageHeader>&e;</MessageHeader><MessageBody/></XmlMsg>")
    found = validation.validate(data)
    passwd = [line for line in Path("/etc/passwd").read_text().splitlines() if line]
    assert found == [errors.FORBIDDEN_XML.message]
    assert not any(line in error for error in found for line in passwd)


# The schema mirrors the message classes: same elements, same order, same required items.

def sequence(xpath: str) -> list[tuple[str, bool]]:
    return [(e.get("name"), e.get("minOccurs") != "0")
            for e in XSD.xpath(f"{xpath}/xs:element", namespaces=XS)]


def fields(cls: type) -> list[tuple[str, bool]]:
    return [(f.metadata["element"],
             f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
            for f in dataclasses.fields(cls)]


@pytest.mark.parametrize(("xpath", "cls"), [
    ("xs:complexType[@name='MessageHeader']/xs:choice/xs:sequence[1]", messages.RequestHeader),
    ("xs:complexType[@name='MessageHeader']/xs:choice/xs:sequence[2]", messages.ResultHeader),
    ("xs:complexType[@name='MessageBody']/xs:sequence", messages.ResultBody),
    ("xs:complexType[@name='SearchInfo']/xs:sequence", messages.SearchInfo),
    ("xs:complexType[@name='QualificationResult']/xs:sequence", messages.QualificationResult),
    ("xs:complexType[@name='ElderlyRecipientInfo']/xs:sequence", messages.ElderlyRecipientInfo),
    ("xs:complexType[@name='LimitCertificateInfo']/xs:sequence", messages.LimitCertificateInfo),
    ("xs:complexType[@name='SpecificDiseaseInfo']/xs:sequence", messages.SpecificDiseaseInfo),
], ids=lambda v: getattr(v, "__name__", ""))
def test_schema_sequence_matches_message_fields(xpath: str, cls: type) -> None:
    assert sequence(xpath) == fields(cls)


@pytest.mark.parametrize(("type_name", "codes"), [
    ("ConsentFlag", ConsentFlag),
    ("ConsentStatus", ConsentStatus),
    ("ReferenceClassification", ReferenceClassification),
    ("SegmentOfResult", SegmentOfResult),
    ("ProcessingResultStatus", ProcessingResultStatus),
    ("CharacterCode", CharacterCode),
    ("QualificationValidity", QualificationValidity),
    ("Sex", Sex),
    ("ReasonOfLoss", ReasonOfLoss),
    ("PersonalFamily", PersonalFamily),
    ("InsuredCardClassification", InsuredCardClassification),
    ("LimitCertificateKind", LimitCertificateKind),
    ("LimitCategory", LimitCategory),
    ("SpecificDisease", SpecificDisease),
    ("PreschoolClassification", PreschoolClassification),
], ids=lambda v: v if isinstance(v, str) else "")
def test_code_types_list_exactly_the_enum_values(type_name: str, codes: type[StrEnum]) -> None:
    values = XSD.xpath(f"xs:simpleType[@name='{type_name}']//xs:enumeration/@value",
                       namespaces=XS)
    assert values == [code.value for code in codes]
