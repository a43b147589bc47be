"""XML codec: round trips, the reference examples, lenient reading and refused input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree

from onshi.oqs import errors, xml
from onshi.oqs.codes import (
    CharacterCode,
    ConsentFlag,
    ConsentStatus,
    PersonalFamily,
    QualificationValidity,
)
from onshi.oqs.errors import ErrorCode, OqsError
from onshi.oqs.messages import ConfirmationRequest, ConfirmationResult, RequestHeader, SearchInfo
from onshi.oqs.tree import to_tree
from onshi.rules.limit import LimitCategory, LimitCertificateKind
from tests.oqs.documents import (
    NAME,
    NAME_KANA,
    REFERENCE_REQUEST,
    REFERENCE_RESULT,
    full_request,
    full_result,
    minimal_result,
    qualification_result,
    result_with,
)

DOCUMENTS: list[Callable[[], object]] = [full_request, full_result, minimal_result]
REQUEST = REFERENCE_REQUEST.read_bytes()


def refused(data: bytes, cls: type = ConfirmationRequest) -> OqsError:
    with pytest.raises(OqsError) as caught:
        xml.parse(cls, data)
    return caught.value


@pytest.mark.parametrize("character_code", list(CharacterCode), ids=lambda c: c.declaration)
@pytest.mark.parametrize("make", DOCUMENTS, ids=lambda m: m.__name__)
def test_round_trip(make: Callable[[], object], character_code: CharacterCode) -> None:
    document = make()
    assert xml.parse(type(document), xml.dump(document, character_code)) == document


def test_shift_jis_keeps_cp932_characters_as_bytes() -> None:
    data = xml.dump(full_result(), CharacterCode.SHIFT_JIS)
    assert data.startswith(b'<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>\n')
    assert NAME.encode("cp932") in data
    assert NAME_KANA.encode("cp932") in data
    assert b"&#" not in data  # nothing fell back to character references


def test_utf8_declaration_and_bytes() -> None:
    data = xml.dump(full_result())
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n')
    assert NAME.encode("utf-8") in data


def test_reads_reference_request() -> None:
    request = xml.parse(ConfirmationRequest, REQUEST)
    assert request.header == RequestHeader(confirmation_date=date(2025, 6, 1),
                                           institution_code="1312345679",
                                           arbitrary_file_identifier="202506010001")
    assert request.body.search == SearchInfo(
        insurer_number="01130012", insured_card_symbol="12345678",
        insured_identification_number="123", insured_branch_number="02",
        birthdate=date(1953, 4, 15), limit_consent=ConsentFlag.CONSENTED)


def test_reads_reference_result() -> None:
    result = xml.parse(ConfirmationResult, REFERENCE_RESULT.read_bytes())
    assert result.header.process_time == datetime(2025, 6, 1, 9, 30, 12)
    assert result.header.character_code is CharacterCode.UTF8
    assert result.body.validity is QualificationValidity.VALID
    assert result.is_confirmed
    (person,) = result.body.results
    assert (person.name, person.name_kana, person.insured_name) == (
        "試験　花子", "ｼｹﾝ ﾊﾅｺ", "試験　太郎")
    assert person.personal_family is PersonalFamily.DEPENDANT
    assert person.insured_branch_number == "02"
    assert person.elderly_recipient is not None
    assert person.elderly_recipient.contribution_ratio == "020"
    assert person.limit_info is not None
    assert person.limit_info.kind is LimitCertificateKind.LIMIT_AND_MEAL_REDUCTION
    assert person.limit_info.category is LimitCategory.B05
    assert person.limit_consent_time == datetime(2025, 6, 1, 9, 30, 5)


@pytest.mark.parametrize("fixture", [REFERENCE_REQUEST, REFERENCE_RESULT], ids=lambda p: p.name)
def test_rewrites_reference_examples_byte_for_byte(fixture: Path) -> None:
    cls = ConfirmationRequest if "req_" in fixture.name else ConfirmationResult
    data = fixture.read_bytes()
    assert xml.dump(xml.parse(cls, data)) == data


def test_older_consent_names_are_read_and_newer_written() -> None:
    data = xml.dump(full_result())
    older = (data.replace(b"PharmaceuticalInfo", b"PharmacistsInfo")
             .replace(b"AcquisitionTime", b"AvailableTime"))
    assert older.count(b"AvailableTime>") == 8
    assert xml.parse(ConfirmationResult, older) == full_result()
    assert b"<PharmaceuticalInfoConsFlg>1<" in data
    assert b"<OperationInfoAcquisitionTime>20250602235959<" in data
    assert b"Pharmacists" not in data and b"AvailableTime" not in data


def test_element_order_is_not_required_on_input() -> None:
    root = etree.fromstring(xml.dump(full_result()))
    for parent in (root.find("MessageHeader"), root.find("MessageBody"),
                   root.find("MessageBody/ResultList/ResultOfQualificationConfirmation")):
        parent[:] = list(reversed(parent))
    scrambled = etree.tostring(root, encoding="UTF-8")
    assert scrambled.index(b"<CharacterCodeIdentifier>") < scrambled.index(
        b"<ProcessExecutionTime>")
    assert xml.parse(ConfirmationResult, scrambled) == full_result()


def test_several_result_entries() -> None:
    second = replace(qualification_result(), name="試験　花子", insured_branch_number="02")
    document = result_with(qualification_result(), second)
    data = xml.dump(document)
    assert data.count(b"<ResultOfQualificationConfirmation>") == 2
    assert xml.parse(ConfirmationResult, data) == document


def test_one_result_entry_reads_as_a_tuple_of_one() -> None:
    data = xml.dump(full_result())
    assert data.count(b"<ResultOfQualificationConfirmation>") == 1
    assert xml.parse(ConfirmationResult, data).body.results == (qualification_result(),)


@pytest.mark.parametrize("empty", [b"<InsuredBranchNumber></InsuredBranchNumber>",
                                   b"<InsuredBranchNumber/>"])
def test_empty_branch_number_reads_as_none(empty: bytes) -> None:
    data = REQUEST.replace(b"<InsuredBranchNumber>02</InsuredBranchNumber>", empty)
    assert data != REQUEST
    assert xml.parse(ConfirmationRequest, data).body.search.insured_branch_number is None


def test_padded_numbers_stay_strings() -> None:
    data = (REQUEST.replace(b"<InsurerNumber>01130012<", b"<InsurerNumber>  123456<")
            .replace(b"<InsuredIdentificationNumber>123<", b"<InsuredIdentificationNumber>0012<"))
    search = xml.parse(ConfirmationRequest, data).body.search
    assert search.insurer_number == "  123456"
    assert search.insured_identification_number == "0012"
    assert search.insured_branch_number == "02"


def test_spaced_encoding_declaration_is_honoured() -> None:
    data = xml.dump(full_result(), CharacterCode.SHIFT_JIS).replace(
        b'encoding="Shift_JIS"', b'encoding = "Shift_JIS"')
    assert xml.parse(ConfirmationResult, data) == full_result()


def test_utf8_bom_is_accepted() -> None:
    assert xml.parse(ConfirmationRequest, xml.BOM + REQUEST) == xml.parse(ConfirmationRequest,
                                                                          REQUEST)


def _without(data: bytes, element: bytes) -> bytes:
    start = data.index(b"<" + element + b">")
    end = data.index(b"</" + element + b">") + len(element) + 3
    return data[:start] + data[end:]


@pytest.mark.parametrize(("data", "error"), [
    (REQUEST.replace(b"</XmlMsg>", b""), errors.NOT_XML),
    (b"", errors.NOT_XML),
    (REQUEST.replace(b"XmlMsg>", b"XmlMessage>"), errors.WRONG_ROOT),
    (REQUEST.replace(b"<Birthdate>19530415<", b"<Birthdate>1953-04-15<"), errors.ITEM_FORMAT),
    (REQUEST.replace(b"<Birthdate>19530415<", b"<Birthdate>19530431<"), errors.ITEM_FORMAT),
    (REQUEST.replace(b"ConsFlg>1<", b"ConsFlg>2<"), errors.ITEM_FORMAT),
    (REQUEST.replace(b'encoding="UTF-8"', b'encoding="EUC-JP"'), errors.ENCODING),
    (REQUEST.replace(b"12345678", "記号".encode("cp932")), errors.ENCODING),
    (REQUEST.replace(b'encoding="UTF-8"', b'encoding="Shift_JIS"')
     .replace(b"12345678", b"\x81\x20"), errors.ENCODING),
    (REQUEST + b"<!--" + b"x" * xml.MAX_DOCUMENT_BYTES + b"-->", errors.TOO_LARGE),
], ids=["not-well-formed", "empty", "wrong-root", "dashed-date", "impossible-date",
        "unknown-code", "euc-jp", "utf8-declared-sjis-bytes", "sjis-declared-invalid-bytes",
        "oversized"])
def test_bad_request_is_refused(data: bytes, error: ErrorCode) -> None:
    assert refused(data).error is error


def test_missing_element_is_named() -> None:
    caught = refused(_without(REQUEST, b"InsurerNumber"))
    assert caught.error is errors.MISSING_ITEM
    assert caught.detail == "MessageBody/QualificationConfirmSearchInfo/InsurerNumber"


def test_missing_required_result_element_is_named() -> None:
    caught = refused(_without(xml.dump(full_result()), b"Sex1"), ConfirmationResult)
    assert caught.error is errors.MISSING_ITEM
    assert caught.detail == "MessageBody/ResultList/Sex1"


def test_repeated_result_list_is_refused_not_dropped() -> None:
    data = xml.dump(full_result())
    start, end = data.index(b"<ResultList>"), data.index(b"</ResultList>") + len(b"</ResultList>")
    doubled = data[:end] + data[start:end] + data[end:]
    caught = refused(doubled, ConfirmationResult)
    assert (caught.error, caught.detail) == (errors.ITEM_FORMAT, "MessageBody/ResultList")


SPECIFIC_DISEASE_FLAG = b"<SpecificDiseasesCertificateRelatedConsFlg>1<"


@pytest.mark.parametrize("status", list(ConsentStatus), ids=lambda s: s.name)
def test_specific_disease_consent_reads_every_oqscd016_code(status: ConsentStatus) -> None:
    data = xml.dump(full_result()).replace(
        SPECIFIC_DISEASE_FLAG, f"<SpecificDiseasesCertificateRelatedConsFlg>{status}<".encode())
    (entry,) = xml.parse(ConfirmationResult, data).body.results
    assert entry.specific_disease_consent is status


def test_specific_disease_consent_outside_oqscd016_is_refused() -> None:
    data = xml.dump(full_result()).replace(
        SPECIFIC_DISEASE_FLAG, b"<SpecificDiseasesCertificateRelatedConsFlg>4<")
    caught = refused(data, ConfirmationResult)
    assert (caught.error, caught.detail) == (
        errors.ITEM_FORMAT, "MessageBody/ResultList/SpecificDiseasesCertificateRelatedConsFlg")


def test_external_entity_is_refused_unread() -> None:
    data = REQUEST.replace(b"<XmlMsg>", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                        b"\n<XmlMsg>", 1).replace(b"202506010001", b"&e;")
    caught = refused(data)
    assert caught.error is errors.FORBIDDEN_XML
    passwd = Path("/etc/passwd").read_text().splitlines()
    shown = f"{caught} {caught.message}"
    assert passwd and not any(line in shown for line in passwd if line)


def test_billion_laughs_is_refused() -> None:
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE XmlMsg [<!ENTITY l0 "lol">{entities}]>\n'
            "<XmlMsg><MessageHeader>&l9;</MessageHeader></XmlMsg>").encode()
    assert refused(data).error is errors.FORBIDDEN_XML


@pytest.mark.parametrize("character_code", list(CharacterCode), ids=lambda c: c.declaration)
@pytest.mark.parametrize("make", DOCUMENTS, ids=lambda m: m.__name__)
def test_messages_are_written_as_their_trees_are(make: Callable[[], object],
                                                 character_code: CharacterCode) -> None:
    """dump walks the message directly; the JSON form goes through the tree: both must agree."""
    document = make()
    assert xml.dump(document, character_code) == xml.write_tree(to_tree(document), character_code)


def test_markup_characters_in_names_are_escaped_and_read_back() -> None:
    result = full_result()
    entry = replace(result.body.results[0], name="山田 & <株> 太郎", insurer_name="A>B")
    document = replace(result, body=replace(result.body, results=(entry,)))
    written = xml.dump(document)
    assert "山田 &amp; &lt;株&gt; 太郎".encode() in written and b"A&gt;B" in written
    assert xml.parse(ConfirmationResult, written) == document
