"""法別番号 (scheme number) of 保険者番号 and the insurance scheme it names (domain-rules B2)."""

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from onshi.rules.numbers import InsurerNumber


class Scheme(StrEnum):
    """Insurance scheme; the value is its Japanese label."""

    KYOKAI = "協会けんぽ"
    SEAMEN = "船員保険"
    DAY_LABOURER = "日雇特例被保険者"
    SOCIETY = "健保組合"
    SELF_DEFENCE = "自衛官等"
    MUTUAL_AID = "共済組合"
    LATE_ELDERLY = "後期高齢者医療"
    SPECIAL_RETIREE = "特例退職"
    RETIREE_NHI = "国民健康保険（退職者医療）"
    NHI = "国民健康保険"
    NHI_UNION = "国民健康保険組合"


# Insurance 法別番号 (domain-rules B2); 公費 法別番号 are not 保険者番号 and are left out.
INSURANCE_HOUBETSU: dict[str, Scheme] = {
    "01": Scheme.KYOKAI,
    "02": Scheme.SEAMEN,
    "03": Scheme.DAY_LABOURER,  # 一般療養
    "04": Scheme.DAY_LABOURER,  # 特別療養費
    "06": Scheme.SOCIETY,
    "07": Scheme.SELF_DEFENCE,
    "31": Scheme.MUTUAL_AID,  # 国家公務員共済組合
    "32": Scheme.MUTUAL_AID,  # 地方公務員等共済組合
    "33": Scheme.MUTUAL_AID,  # 警察共済組合
    "34": Scheme.MUTUAL_AID,  # 公立学校共済組合・日本私立学校振興・共済事業団
    "39": Scheme.LATE_ELDERLY,
    "63": Scheme.SPECIAL_RETIREE,  # 特定健康保険組合
    # 退職者医療 is closed to new entrants; [unverified] closing date (domain-rules B2).
    "67": Scheme.RETIREE_NHI,
    "72": Scheme.SPECIAL_RETIREE,  # 72–75: 特例退職組合員・加入者 of the mutual-aid schemes
    "73": Scheme.SPECIAL_RETIREE,
    "74": Scheme.SPECIAL_RETIREE,
    "75": Scheme.SPECIAL_RETIREE,
}

_NON_EMPLOYEE_SCHEMES = frozenset(
    {Scheme.NHI, Scheme.NHI_UNION, Scheme.RETIREE_NHI, Scheme.LATE_ELDERLY}
)


def scheme_of(number: "InsurerNumber") -> Scheme:
    """Return the scheme of a 保険者番号 (domain-rules B1, B2).

    Six-digit numbers are 国民健康保険; 保険者別番号 in the 300s marks a 国保組合.
    """
    if number.is_national_health_insurance:
        return Scheme.NHI_UNION if number.is_kokuho_union else Scheme.NHI
    scheme = INSURANCE_HOUBETSU.get(number.houbetsu or "")
    if scheme is None:
        raise ValueError(f"法別番号 {number.houbetsu!r} is not an insurance scheme")
    return scheme


def is_employee_insurance(scheme: Scheme) -> bool:
    """Tell whether the scheme is 被用者保険 (not 国保, 退職者医療 or 後期高齢者医療)."""
    return scheme not in _NON_EMPLOYEE_SCHEMES
