"""onshi's own error codes.

The official list (別紙6-1 処理結果コード) is distributed to vendors only and is not public, so
these codes are onshi's, not the national system's. Clients should treat them as
opaque strings and show the message as it is (oqs-interface.md §4, S12).

File-level problems (the document cannot be read as a request) answer with SegmentOfResult 9 and
ErrorCode/ErrorMessage in the header. Person-level problems (the document is well formed but the
card data cannot be used) answer with SegmentOfResult 1, ProcessingResultStatus 2 and
ProcessingResultCode/ProcessingResultMessage in the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Level(Enum):
    FILE = "file"  # SegmentOfResult 9, header ErrorCode
    PERSON = "person"  # ProcessingResultStatus 2, body ProcessingResultCode
    NOTICE = "notice"  # 付帯情報 on a normal result (ProcessingResultStatus 1)


@dataclass(frozen=True)
class ErrorCode:
    code: str
    level: Level
    message: str


def _table(*codes: ErrorCode) -> dict[str, ErrorCode]:
    return {c.code: c for c in codes}


NOT_XML = ErrorCode("ON1001", Level.FILE, "要求ファイルがXMLとして読み取れません。")
ENCODING = ErrorCode("ON1002", Level.FILE,
                     "要求ファイルの文字コードが宣言と一致しません。UTF-8またはShift_JISで作成してください。")
FORBIDDEN_XML = ErrorCode("ON1003", Level.FILE,
                          "要求ファイルに使用できないXML構造（DTD・実体参照）が含まれています。")
TOO_LARGE = ErrorCode("ON1004", Level.FILE, "要求ファイルのサイズが上限を超えています。")
WRONG_ROOT = ErrorCode("ON1005", Level.FILE, "要求ファイルのルート要素がXmlMsgではありません。")
MISSING_ITEM = ErrorCode("ON1006", Level.FILE, "必須項目が設定されていません。")
ITEM_FORMAT = ErrorCode("ON1007", Level.FILE, "項目の形式に誤りがあります。")
UNKNOWN_FILE = ErrorCode("ON1008", Level.FILE, "要求ファイル名が照会種別として認識できません。")
UNKNOWN_INSTITUTION = ErrorCode("ON1009", Level.FILE, "医療機関コードが登録されていません。")
UNREADABLE_BODY = ErrorCode("ON1010", Level.FILE, "要求の形式（XMLまたはJSON）を判別できません。")
UNSUPPORTED_KIND = ErrorCode("ON1011", Level.FILE, "この照会種別には対応していません。")
SYSTEM_ERROR = ErrorCode("ON1999", Level.FILE,
                         "システムエラーが発生しました。しばらくしてから再度照会してください。")

INSURER_FORMAT = ErrorCode("ON2001", Level.PERSON, "保険者番号の形式に誤りがあります。")
INSURER_CHECK_DIGIT = ErrorCode("ON2002", Level.PERSON,
                                "保険者番号の検証番号に誤りがあります。券面の保険者番号を確認してください。")
BRANCH_FORMAT = ErrorCode("ON2003", Level.PERSON, "被保険者証枝番は2桁の数字で入力してください。")
NUMBER_MISSING = ErrorCode("ON2004", Level.PERSON, "被保険者証番号が設定されていません。")
BIRTHDATE_FUTURE = ErrorCode("ON2005", Level.PERSON, "生年月日が資格確認日より後になっています。")

CODES: dict[str, ErrorCode] = _table(
    NOT_XML, ENCODING, FORBIDDEN_XML, TOO_LARGE, WRONG_ROOT, MISSING_ITEM, ITEM_FORMAT,
    UNKNOWN_FILE, UNKNOWN_INSTITUTION, UNREADABLE_BODY, UNSUPPORTED_KIND, SYSTEM_ERROR,
    INSURER_FORMAT, INSURER_CHECK_DIGIT, BRANCH_FORMAT, NUMBER_MISSING, BIRTHDATE_FUTURE,
)


class OqsError(Exception):
    """A request that cannot be answered normally; `detail` adds the element or cause."""

    def __init__(self, error: ErrorCode, detail: str = "") -> None:
        super().__init__(f"{error.code}: {error.message} {detail}".strip())
        self.error = error
        self.detail = detail

    @property
    def message(self) -> str:
        """ErrorMessage text: the table's message, with the detail in 全角 brackets."""
        return f"{self.error.message}（{self.detail}）" if self.detail else self.error.message
