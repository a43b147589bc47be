"""Request files as facility software writes them into req/."""

from __future__ import annotations

from datetime import date

from onshi.oqs import xml
from onshi.oqs.codes import ConsentFlag
from onshi.oqs.messages import ConfirmationRequest, RequestBody, RequestHeader, SearchInfo
from tests.hub.builders import INSTITUTION, KYOKAI_TOKYO

ADULT = date(1980, 7, 1)


def request_bytes(identifier: str, *, number: str = "123", institution: str = INSTITUTION,
                  encoding: str = "utf-8") -> bytes:
    document = xml.dump(ConfirmationRequest(
        header=RequestHeader(confirmation_date=date(2025, 5, 15), institution_code=institution,
                             arbitrary_file_identifier=identifier),
        body=RequestBody(search=SearchInfo(
            insurer_number=KYOKAI_TOKYO, insured_card_symbol="12345678",
            insured_identification_number=number, insured_branch_number="01",
            birthdate=ADULT, limit_consent=ConsentFlag.CONSENTED))))
    if encoding == "utf-8":
        return document
    text = document.decode().replace('encoding="UTF-8"', 'encoding="Shift_JIS"')
    return text.encode("cp932")
