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

# 資格確認 by マイナンバーカード: notices on a normal result (付帯情報), then refusals.
CERTIFICATE_EXPIRING = ErrorCode(
    "ON0101", Level.NOTICE,
    "利用者証明用電子証明書の有効期限が3か月以内です。お住まいの市区町村で更新手続きをしてください。")
CERTIFICATE_IN_GRACE = ErrorCode(
    "ON0102", Level.NOTICE,
    "利用者証明用電子証明書の有効期限が切れています（3か月以内）。資格情報のみ提供し、診療情報等は"
    "提供できません。お住まいの市区町村で更新手続きをしてください。")
CERTIFICATE_UNTRUSTED = ErrorCode("ON3001", Level.PERSON,
                                  "電子証明書を確認できませんでした。カードを置き直してください。")
CERTIFICATE_SUSPENDED = ErrorCode(
    "ON3002", Level.PERSON,
    "電子証明書が一時利用停止中です。市区町村の窓口で一時利用停止の解除を行ってください。")
CERTIFICATE_REVOKED = ErrorCode("ON3003", Level.PERSON,
                                "電子証明書が失効しています。市区町村の窓口にお問い合わせください。")
CERTIFICATE_EXPIRED = ErrorCode(
    "ON3004", Level.PERSON,
    "電子証明書の有効期限が切れています。マイナポータルの資格情報画面（PDF）または"
    "「資格情報のお知らせ」をマイナンバーカードと一緒に提示してください。")
IDENTITY_NOT_VERIFIED = ErrorCode("ON3005", Level.PERSON, "本人確認ができませんでした。")
CHALLENGE_INVALID = ErrorCode(
    "ON3006", Level.PERSON,
    "認証の有効期限が切れたか、既に使用された認証です。もう一度カードを置いてください。")
CARD_NOT_REGISTERED = ErrorCode(
    "ON3007", Level.PERSON,
    "マイナンバーカードの健康保険証利用登録がされていません。カードリーダーで利用登録ができます。")
CARD_DEREGISTERED = ErrorCode(
    "ON3008", Level.PERSON,
    "健康保険証利用登録が解除されています。資格確認書を提示してください。")
HOLDER_UNKNOWN = ErrorCode(
    "ON3009", Level.PERSON,
    "このマイナンバーカードの持ち主の資格情報が見つかりません。加入している保険者にお問い合わせください。")
DEVICE_NOT_REGISTERED = ErrorCode(
    "ON3010", Level.PERSON,
    "登録されていない端末からの本人確認は受け付けられません。端末の登録を確認してください。")

CODES: dict[str, ErrorCode] = _table(
    NOT_XML, ENCODING, FORBIDDEN_XML, TOO_LARGE, WRONG_ROOT, MISSING_ITEM, ITEM_FORMAT,
    UNKNOWN_FILE, UNKNOWN_INSTITUTION, UNREADABLE_BODY, UNSUPPORTED_KIND, SYSTEM_ERROR,
    INSURER_FORMAT, INSURER_CHECK_DIGIT, BRANCH_FORMAT, NUMBER_MISSING, BIRTHDATE_FUTURE,
    CERTIFICATE_EXPIRING, CERTIFICATE_IN_GRACE, CERTIFICATE_UNTRUSTED, CERTIFICATE_SUSPENDED,
    CERTIFICATE_REVOKED, CERTIFICATE_EXPIRED, IDENTITY_NOT_VERIFIED, CHALLENGE_INVALID,
    CARD_NOT_REGISTERED, CARD_DEREGISTERED, HOLDER_UNKNOWN, DEVICE_NOT_REGISTERED,
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


def too_large(limit: int) -> OqsError:
    """ON1004 naming the limit, not the size: bodies are read no further than just past it."""
    return OqsError(TOO_LARGE, f"上限 {limit} バイト")
