"""OQS code tables (別紙5-1 業務コード, OQSCDnnn) as found in public code; see oqs-interface.md §4.

Each enum's value is the wire code; `label` is the Japanese text screens show.
"""

from __future__ import annotations

from enum import StrEnum

from onshi.rules.validity import Validity as QualificationValidity

__all__ = [
    "CharacterCode",
    "ConsentFlag",
    "ConsentStatus",
    "InsuredCardClassification",
    "PersonalFamily",
    "PreschoolClassification",
    "ProcessingResultStatus",
    "QualificationValidity",
    "ReasonOfLoss",
    "ReferenceClassification",
    "SegmentOfResult",
    "Sex",
]


class _Coded(StrEnum):
    """A code table whose members carry their Japanese label in `_labels`."""

    @property
    def label(self) -> str:
        return self._labels()[self.value]

    @classmethod
    def _labels(cls) -> dict[str, str]:
        raise NotImplementedError


class ConsentFlag(_Coded):
    """OQSCD001 限度額適用認定証提供同意フラグ."""

    NOT_CONSENTED = "0"
    CONSENTED = "1"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"0": "未同意", "1": "同意"}


class ConsentStatus(_Coded):
    """OQSCD016 同意区分: 特定疾病療養受療証 provision and the 閲覧 consents (特定健診・薬剤・
    診療・手術). Code 2 is sent only by the 訪問診療等・オンライン診療等 interfaces, code 3 only by
    the 救急医療 one (oqs-interface §4)."""

    NONE = "0"
    GIVEN = "1"
    EXPIRED = "2"
    NOT_OBTAINABLE = "3"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"0": "同意なし", "1": "同意あり", "2": "同意有効期限切れ", "3": "同意取得困難"}


class ReferenceClassification(_Coded):
    """OQSCD002 照会区分: what the patient presented."""

    MY_NUMBER_CARD = "1"
    INSURANCE_CARD = "2"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"1": "マイナンバーカード", "2": "被保険者証情報"}


class SegmentOfResult(_Coded):
    """OQSCD003 処理結果区分 for the whole file."""

    NORMAL = "1"
    PROCESSING = "2"
    ABNORMAL = "9"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"1": "正常終了", "2": "処理中", "9": "異常終了"}


class ProcessingResultStatus(_Coded):
    """OQSCD004 処理結果状況 for one person."""

    NORMAL = "1"
    ERROR = "2"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"1": "正常終了", "2": "エラー"}


class CharacterCode(_Coded):
    """OQSCD005 文字コード識別 of the result file."""

    UTF8 = "0"
    SHIFT_JIS = "1"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"0": "UTF-8", "1": "Shift_JIS"}

    @property
    def codec(self) -> str:
        """Python codec; Shift_JIS files are really Windows CP932 (oqs-interface §1.3)."""
        return "utf-8" if self is CharacterCode.UTF8 else "cp932"

    @property
    def declaration(self) -> str:
        return "UTF-8" if self is CharacterCode.UTF8 else "Shift_JIS"


class Sex(_Coded):
    """OQSCD007 性別."""

    MALE = "1"
    FEMALE = "2"
    UNSET = "3"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"1": "男", "2": "女", "3": "未設定"}


class ReasonOfLoss(_Coded):
    """OQSCD008 資格喪失事由."""

    DEATH = "01"
    WELFARE = "02"
    OTHER_INSURANCE = "03"
    OTHER = "99"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"01": "死亡", "02": "生活保護受給開始", "03": "医療保険等の資格取得",
                "99": "その他"}


class PersonalFamily(_Coded):
    """OQSCD009 本人・家族区分."""

    INSURED = "1"
    DEPENDANT = "2"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"1": "本人", "2": "家族"}


class InsuredCardClassification(_Coded):
    """OQSCD010 被保険者証区分 (newer table; `01` is 欠番扱い after 2024-12-02, still returned)."""

    GENERAL = "01"
    RETIRED = "02"
    SHORT_TERM_GENERAL = "03"
    SHORT_TERM_RETIRED = "04"
    SPECIAL_MEDICAL_EXPENSES = "05"
    SPECIAL_RETIREE = "06"
    SELF_DEFENCE = "07"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"01": "被保険者証（一般）", "02": "被保険者証（退職）",
                "03": "短期被保険者証（一般）", "04": "短期被保険者証（退職）",
                "05": "特別療養費支給対象者", "06": "特例退職被保険者証", "07": "自衛官診療証"}


class PreschoolClassification(_Coded):
    """OQSCD015 未就学区分."""

    PRESCHOOL = "1"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"1": "未就学該当"}
