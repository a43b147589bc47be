"""The hub's HTTP API: the request document in, the result document out, in the caller's format."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from onshi.clock import FixedClock
from onshi.hub.api import CONFIRM_PATH, PING_PATH, create_app
from onshi.hub.models import RejectedRequest
from onshi.hub.store import HubStore
from onshi.oqs import errors, jsonform, validation, xml
from onshi.oqs.codes import QualificationValidity, SegmentOfResult
from onshi.oqs.messages import ConfirmationRequest, ConfirmationResult
from tests.hub.builders import Registry
from tests.terminal.documents import ADULT, request_bytes

CLOCK = FixedClock.at(ADULT.replace(year=2025, month=5, day=15), 10, 30)


@pytest.fixture
def client(hub_engine) -> Iterator[TestClient]:
    registry = Registry(hub_engine)
    registry.qualification(registry.person(ADULT), ADULT)
    with TestClient(create_app(HubStore(hub_engine), CLOCK)) as http:
        yield http


def kept(hub_engine) -> list[RejectedRequest]:
    with hub_engine.connect() as conn:
        return list(conn.execute(select(RejectedRequest.__table__)))


def test_xml_request_gets_an_xml_result(client):
    response = client.post(CONFIRM_PATH, content=request_bytes("H1"),
                           headers={"content-type": "application/xml"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    result = xml.parse(ConfirmationResult, response.content)
    assert result.is_confirmed
    assert result.header.arbitrary_file_identifier == "H1"


def test_shift_jis_request_is_read(client):
    response = client.post(CONFIRM_PATH, content=request_bytes("S1", encoding="shift_jis"))
    assert xml.parse(ConfirmationResult, response.content).is_confirmed


def test_json_tree_gets_a_json_result(client):
    request = xml.parse(ConfirmationRequest, request_bytes("J1"))
    response = client.post(CONFIRM_PATH, content=jsonform.dump(request),
                           headers={"content-type": "application/json"})
    assert response.status_code == 200
    body = orjson.loads(response.content)
    assert body["XmlMsg"]["MessageBody"]["QualificationValidity"] == "1"
    result = jsonform.parse(ConfirmationResult, response.content)
    assert result.body.validity is QualificationValidity.VALID
    assert result.body.results[0].name == "試験　花子"


@pytest.mark.parametrize(("body", "content_type", "code"), [
    (b"<XmlMsg><MessageHeader>", "application/xml", errors.NOT_XML),
    (b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><XmlMsg/>', "application/xml",
     errors.FORBIDDEN_XML),
    (b"{not json", "application/json", errors.UNREADABLE_BODY),
    (b'{"Other": {}}', "application/json", errors.WRONG_ROOT),
    (b"<XmlMsg><MessageHeader/></XmlMsg>", "application/xml", errors.MISSING_ITEM),
])
def test_bad_bodies_get_an_error_document_and_are_kept(client, hub_engine, body, content_type,
                                                       code):
    response = client.post(CONFIRM_PATH, content=body, headers={"content-type": content_type})
    assert response.status_code == 400
    parse = jsonform.parse if "json" in content_type else xml.parse
    result = parse(ConfirmationResult, response.content)
    assert result.header.segment is SegmentOfResult.ABNORMAL
    assert result.header.error_code == code.code
    assert result.header.error_message.startswith(code.message[:10])
    rows = kept(hub_engine)
    assert [(r.error_code, r.body) for r in rows] == [(code.code, body)]


def test_oversized_body_is_refused_and_kept_only_up_to_the_limit(client, hub_engine):
    chunks = (b" " * 65536 for _ in range(3 * xml.MAX_DOCUMENT_BYTES // 65536))
    response = client.post(CONFIRM_PATH, content=chunks)
    result = xml.parse(ConfirmationResult, response.content)
    assert result.header.error_code == errors.TOO_LARGE.code
    assert result.header.error_message.endswith(f"（上限 {xml.MAX_DOCUMENT_BYTES} バイト）")
    (row,) = kept(hub_engine)
    assert len(row.body) == xml.MAX_DOCUMENT_BYTES + 1


def test_unknown_institution_is_refused_with_the_header_echoed(client):
    response = client.post(CONFIRM_PATH, content=request_bytes("U1", institution="1312345687"))
    assert response.status_code == 400
    result = xml.parse(ConfirmationResult, response.content)
    assert result.header.error_code == errors.UNKNOWN_INSTITUTION.code
    assert result.header.arbitrary_file_identifier == "U1"


@pytest.mark.parametrize(("old", "new"), [
    (b"<InsurerNumber>01130012<", b"<InsurerNumber>131045<"),  # 6-digit 国保, unpadded
    (b"<InsurerNumber>01130012<", "<InsurerNumber>０１１３００１２<".encode()),
    (b"<InsuredBranchNumber>01<", b"<InsuredBranchNumber>1<"),
    (b"<InsurerNumber>01130012<", b"<InsurerNumber>12AB<"),  # ON2001
    (b"<InsuredBranchNumber>01<", b"<InsuredBranchNumber>123<"),  # ON2003
    (b"<Birthdate>19800701<", b"<Birthdate>20300101<"),  # ON2005
    (b"<MedicalInstitutionCode>1312345679<", b"<MedicalInstitutionCode>12345<"),  # ON1007
    (b"<MedicalInstitutionCode>1312345679<", b"<MedicalInstitutionCode>1312345687<"),
])
def test_every_answer_validates_against_the_schema(client, old, new):
    request = request_bytes("V1")
    assert old in request
    response = client.post(CONFIRM_PATH, content=request.replace(old, new))
    assert validation.validate(response.content) == []


def test_ping_is_a_fixed_document(client):
    response = client.get(PING_PATH)
    assert response.status_code == 200
    assert b"<SegmentOfResult>1</SegmentOfResult>" in response.content


def test_database_failure_answers_a_system_error_document(client, hub_engine):
    with hub_engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE specific_disease_certificates")
        conn.exec_driver_sql("DROP TABLE qualifications")
    response = client.post(CONFIRM_PATH, content=request_bytes("D1"))
    assert response.status_code == 503
    result = xml.parse(ConfirmationResult, response.content)
    assert result.header.error_code == errors.SYSTEM_ERROR.code
    assert "システムエラー" in result.header.error_message
