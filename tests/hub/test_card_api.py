"""The card reader's HTTP routes: challenge, 保険証利用登録, confirmation, and bad input."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from onshi.card.jpki import JpkiCard
from onshi.card.virtual import VirtualCard
from onshi.clock import FixedClock
from onshi.hub.api import create_app
from onshi.hub.models import RejectedRequest
from onshi.hub.store import HubStore
from onshi.oqs import errors, jsonform, xml
from onshi.oqs.card_protocol import CARD_CONFIRM_PATH, CHALLENGE_PATH, REGISTRATION_PATH
from onshi.oqs.codes import ReferenceClassification
from onshi.oqs.messages import ConfirmationResult
from tests.card.conftest import MY_NUMBER, PIN, issue_card  # noqa: F401
from tests.hub.builders import INSTITUTION, Registry
from tests.pki.conftest import authority, holder_keys  # noqa: F401

BORN = date(1980, 7, 1)


@pytest.fixture
def client(hub_engine, authority) -> Iterator[TestClient]:  # noqa: F811
    registry = Registry(hub_engine)
    registry.qualification(registry.person(BORN, individual_number=MY_NUMBER), BORN)
    app = create_app(HubStore(hub_engine), FixedClock.at(date(2025, 5, 15), 10, 30), authority)
    with TestClient(app) as http:
        yield http


def _proof(client: TestClient, card: VirtualCard) -> dict[str, str]:
    response = client.post(CHALLENGE_PATH, json={"MedicalInstitutionCode": INSTITUTION})
    assert response.status_code == 200
    challenge = response.json()["Challenge"]
    reader = JpkiCard(card)
    return {"MedicalInstitutionCode": INSTITUTION, "Challenge": challenge,
            "Certificate": base64.b64encode(reader.authentication_certificate()).decode(),
            "Signature": base64.b64encode(reader.sign(bytes.fromhex(challenge), PIN)).decode()}


def _kept(hub_engine) -> int:
    with hub_engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(RejectedRequest)).scalar_one()


def test_a_card_is_registered_then_confirmed_as_a_face_result(client, issue_card):  # noqa: F811
    card = issue_card()
    registered = client.post(REGISTRATION_PATH, json=_proof(client, card))
    assert registered.status_code == 200 and registered.json() == {"Registered": True}
    response = client.post(CARD_CONFIRM_PATH, json={
        **_proof(client, card), "LimitApplicationCertificateRelatedConsFlg": "1",
        "ArbitraryFileIdentifier": "ArnHCeDfNjMCFzg="})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/xml; charset=UTF-8"
    result = xml.parse(ConfirmationResult, response.content)
    assert result.is_confirmed
    assert result.header.reference_classification is ReferenceClassification.MY_NUMBER_CARD
    assert result.header.arbitrary_file_identifier == "ArnHCeDfNjMCFzg="


def test_the_result_comes_as_json_or_shift_jis_when_asked(client, issue_card):  # noqa: F811
    card = issue_card()
    client.post(REGISTRATION_PATH, json=_proof(client, card))
    as_json = client.post(CARD_CONFIRM_PATH, json=_proof(client, card),
                          headers={"accept": "application/json"})
    assert jsonform.parse(ConfirmationResult, as_json.content).is_confirmed
    sjis = client.post(CARD_CONFIRM_PATH,
                       json={**_proof(client, card), "CharacterCodeIdentifier": "1"})
    assert sjis.headers["content-type"] == "application/xml; charset=Shift_JIS"
    assert xml.parse(ConfirmationResult, sjis.content).body.results[0].name == "試験　花子"


def test_a_refusal_is_a_json_error_and_the_body_is_kept(client, hub_engine):
    response = client.post(CHALLENGE_PATH, json={"MedicalInstitutionCode": "1312345687"})
    assert response.status_code == 400
    assert response.json() == {"ErrorCode": errors.UNKNOWN_INSTITUTION.code,
                               "ErrorMessage": errors.UNKNOWN_INSTITUTION.message
                               + "（1312345687）"}
    assert _kept(hub_engine) == 1


@pytest.mark.parametrize(("change", "error"), [
    (lambda p: b"not json", errors.UNREADABLE_BODY),
    (lambda p: orjson.dumps([p]), errors.UNREADABLE_BODY),
    (lambda p: orjson.dumps({k: v for k, v in p.items() if k != "Certificate"}),
     errors.MISSING_ITEM),
    (lambda p: orjson.dumps({**p, "Signature": "***"}), errors.ITEM_FORMAT),
    (lambda p: orjson.dumps({**p, "Challenge": "zz"}), errors.ITEM_FORMAT),
    (lambda p: orjson.dumps({**p, "LimitApplicationCertificateRelatedConsFlg": "7"}),
     errors.ITEM_FORMAT),
    (lambda p: orjson.dumps({**p, "Certificate": base64.b64encode(b"junk").decode()}),
     errors.CERTIFICATE_UNTRUSTED),
    (lambda p: b"{" + b" " * (1024 * 1024) + b"}", errors.TOO_LARGE),
])
def test_bad_input_is_refused_with_its_code_and_kept(client, hub_engine, issue_card,  # noqa: F811
                                                      change, error):
    body = change(_proof(client, issue_card()))
    response = client.post(CARD_CONFIRM_PATH, content=body,
                           headers={"content-type": "application/json"})
    if error.level is errors.Level.PERSON:
        result = xml.parse(ConfirmationResult, response.content)
        assert result.body.result_code == error.code
        return
    assert response.status_code == 400
    assert response.json()["ErrorCode"] == error.code
    assert _kept(hub_engine) == 1
