"""File names in the terminal's exchange folders `req/`, `res/`, `face/` (oqs-interface §1.1–§1.2).

A request is `<prefix><suffix>.xml`; its result has the same name with `req` turned into `res`
in the prefix, and a rejected request is answered by `<same basename>.err` [inferred from S9].
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from enum import StrEnum
from pathlib import PurePosixPath

EXTENSION = ".xml"
ERROR_EXTENSION = ".err"
MAX_NAME_BYTES = 255  # of one file name, on the file systems a terminal runs on
FACE_PREFIX = "OQSsiquc01res_face_"
FACE_NAME = re.compile(r"OQSsiquc01res_face_.+_(\d{14})\.xml")  # S13's pattern [verified]
_INSTITUTION_CODE = re.compile(r"[0-9]{10}")
MAX_SEQUENCE = 9999


class Prefix(StrEnum):
    """Request file prefixes the terminal picks up (§1.2, S9's whitelist and S6).

    The pattern `system(3) + interface(5) + step(2) + req_` is [inferred]. The 02 steps of the
    訪問診療等 / オンライン診療等 / 医療扶助 bulk queries are taken to fetch results, like
    OQSmuquc02 [inferred].
    """

    QUALIFICATION = "OQSsiquc01req_"
    BULK_UPLOAD = "OQSmuquc01req_"
    BULK_DOWNLOAD = "OQSmuquc02req_"
    REFERENCE_NUMBER = "OQSsiimm01req_"
    BULK_REFERENCE_NUMBER = "OQSmuimm01req_"
    DRUG_INFO = "YZKsiquc01req_"
    CHECKUP_INFO = "TKKsiquc01req_"
    HOME_VISIT_UPLOAD = "OQSmuhvq01req_"
    HOME_VISIT_DOWNLOAD = "OQSmuhvq02req_"
    ONLINE_UPLOAD = "OQSmuonq01req_"
    ONLINE_DOWNLOAD = "OQSmuonq02req_"
    WELFARE_UPLOAD = "OQSmutic01req_"
    WELFARE_DOWNLOAD = "OQSmutic02req_"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def result_prefix(self) -> str:
        """The prefix of the answer in `res/`, e.g. `OQSsiquc01res_`."""
        return self.value.removesuffix("req_") + "res_"


_LABELS: dict[Prefix, str] = {
    Prefix.QUALIFICATION: "資格確認（個別照会）",
    Prefix.BULK_UPLOAD: "資格確認（一括照会・要求）",
    Prefix.BULK_DOWNLOAD: "資格確認（一括照会・結果取得）",
    Prefix.REFERENCE_NUMBER: "照会番号登録（個別）",
    Prefix.BULK_REFERENCE_NUMBER: "照会番号登録（一括）",
    Prefix.DRUG_INFO: "薬剤情報・診療情報取得",
    Prefix.CHECKUP_INFO: "特定健診情報取得",
    Prefix.HOME_VISIT_UPLOAD: "訪問診療等 一括照会（要求）",
    Prefix.HOME_VISIT_DOWNLOAD: "訪問診療等 一括照会（結果取得）",
    Prefix.ONLINE_UPLOAD: "オンライン診療等 一括照会（要求）",
    Prefix.ONLINE_DOWNLOAD: "オンライン診療等 一括照会（結果取得）",
    Prefix.WELFARE_UPLOAD: "医療扶助 一括照会（要求）",
    Prefix.WELFARE_DOWNLOAD: "医療扶助 一括照会（結果取得）",
}


def request_kind(file_name: str) -> Prefix | None:
    """The prefix of a request file name, or None if the terminal would not pick it up.

    Only `.xml` names with a listed prefix and a non-empty suffix count; prefixes and extension
    are case-sensitive, as clients write them [verified: S9 whitelist].
    """
    if not file_name.endswith(EXTENSION):
        return None
    for prefix in Prefix:
        if file_name.startswith(prefix) and len(file_name) > len(prefix) + len(EXTENSION):
            return prefix
    return None


def result_name(request_name: str) -> str:
    """`OQSsiquc01req_X.xml` → `OQSsiquc01res_X.xml`; the suffix is left as it is (§1.1)."""
    prefix = request_kind(request_name)
    if prefix is None:
        raise ValueError(f"not a request file name: {request_name!r}")
    return prefix.result_prefix + request_name[len(prefix):]


def error_name(request_name: str) -> str:
    """`OQSsiquc01req_X.xml` → `OQSsiquc01req_X.err`, the answer to a rejected request.

    Any file name is accepted, since a file the terminal does not recognise is rejected too. Only
    an `.xml` name loses its extension: `X.txt` is answered by `X.txt.err`, so that it can never
    pass for the answer to a request `X.xml` (nor `X.err` overwrite its own answer); a name of
    more than 251 bytes is cut to fit. Names still meet when a file has no extension (`X` and
    `X.xml` both get `X.err`), or is itself called `X.err`: refused, it comes back to res/ under
    its own name. The name is [inferred] from S9; the content of `.err` files is [unverified].
    """
    if request_name.endswith(EXTENSION):
        return PurePosixPath(request_name).stem + ERROR_EXTENSION
    kept = os.fsencode(request_name)[:MAX_NAME_BYTES - len(ERROR_EXTENSION)]
    return os.fsdecode(kept) + ERROR_EXTENSION


def display_name(file_name: str) -> str:
    """A file name as text any encoding can carry: bytes that are not UTF-8 show as `\\xNN`."""
    return os.fsencode(file_name).decode("utf-8", "backslashreplace")


def face_name(institution_code: str, at: datetime, sequence: int = 0) -> str:
    """Name of an unsolicited card-reader result in `face/` (§1.2).

    The `_<14 digits>.xml` ending is [verified: S13]; the middle part is onshi's choice
    [inferred]: the 医療機関コード, then a sequence that tells apart results of one second.
    """
    if not _INSTITUTION_CODE.fullmatch(institution_code):
        raise ValueError(f"not a 10-digit 医療機関コード: {institution_code!r}")
    if not 0 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"sequence must be 0–{MAX_SEQUENCE}, got {sequence}")
    return f"{FACE_PREFIX}{institution_code}{sequence:04d}_{at:%Y%m%d%H%M%S}{EXTENSION}"


def new_request_name(prefix: Prefix, sequence: int, day: date) -> str:
    """`<prefix>yyyyMMddNNNN.xml`: a 12-character suffix, unique per day and sequence.

    The length rule is [unverified]; clients use 12 characters (S6: yyyyMMdd + 4-digit
    sequence), which is the safe choice [inferred].
    """
    if not 0 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"sequence must be 0–{MAX_SEQUENCE}, got {sequence}")
    return f"{prefix.value}{day:%Y%m%d}{sequence:04d}{EXTENSION}"

