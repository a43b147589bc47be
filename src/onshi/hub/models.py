"""The hub's tables: insurers, insured persons, their qualification history, facilities.

Every qualification row is a validity window (取得 → 喪失), so "who was insured on date X" is one
indexed query and history is kept.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Insurer(Base):
    """保険者: 8-digit numbers (被用者保険・後期), 6-digit (国保)."""

    __tablename__ = "insurers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    scheme: Mapped[str] = mapped_column(String(40))  # 法別 class label (rules.houbetsu.Scheme)
    prefecture: Mapped[str] = mapped_column(String(2))


class Person(Base):
    """An individual as the insurers registered them (氏名 may carry ● for unsupported kanji)."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    name_kana: Mapped[str] = mapped_column(String(60))  # 半角カナ, as OQS returns it
    name_of_other: Mapped[str | None] = mapped_column(String(60))  # 通称
    name_of_other_kana: Mapped[str | None] = mapped_column(String(60))
    sex: Mapped[str] = mapped_column(String(1))  # OQSCD007
    birthdate: Mapped[date] = mapped_column(Date)
    post_number: Mapped[str | None] = mapped_column(String(8))
    address: Mapped[str | None] = mapped_column(String(160))
    household: Mapped[int | None] = mapped_column(Integer, index=True)
    # 個人番号: in the real system the 中間サーバー links persons by 機関別符号; the sandbox keeps
    # the number itself, which the CA gives for a certificate at 保険証利用登録.
    individual_number: Mapped[str | None] = mapped_column(String(12), unique=True, index=True)
    # 資格確認書: due once the person has no マイナ保険証 to use (利用登録解除, for one)
    eligibility_document_due: Mapped[datetime | None] = mapped_column(DateTime)


class Qualification(Base):
    """資格: one person's membership of one insurer, from 取得 to 喪失 (first day not covered)."""

    __tablename__ = "qualifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    insurer_id: Mapped[int] = mapped_column(ForeignKey("insurers.id"))
    insurer_number: Mapped[str] = mapped_column(String(8))  # denormalised lookup key
    symbol: Mapped[str] = mapped_column(String(40), default="")  # 記号, normalised; "" if none
    number: Mapped[str] = mapped_column(String(40))  # 番号, normalised
    branch: Mapped[str | None] = mapped_column(String(2))  # 枝番
    birthdate: Mapped[date] = mapped_column(Date)  # denormalised lookup key
    card_classification: Mapped[str] = mapped_column(String(2))  # OQSCD010
    personal_family: Mapped[str | None] = mapped_column(String(1))  # OQSCD009; none for 後期
    insured_name: Mapped[str | None] = mapped_column(String(60))  # 被保険者（世帯主）氏名
    acquired: Mapped[date] = mapped_column(Date)  # 資格取得年月日
    lost: Mapped[date | None] = mapped_column(Date)  # 資格喪失年月日
    reason_of_loss: Mapped[str | None] = mapped_column(String(2))  # OQSCD008
    card_issued: Mapped[date | None] = mapped_column(Date)  # 被保険者証交付年月日
    card_valid_from: Mapped[date | None] = mapped_column(Date)
    card_valid_until: Mapped[date | None] = mapped_column(Date)
    income: Mapped[str] = mapped_column(String(10), default="一般")  # rules.burden.IncomeCategory
    elderly_issued: Mapped[date | None] = mapped_column(Date)  # 高齢受給者証
    elderly_valid_from: Mapped[date | None] = mapped_column(Date)
    elderly_valid_until: Mapped[date | None] = mapped_column(Date)
    elderly_ratio: Mapped[int | None] = mapped_column(SmallInteger)  # percent
    limit_kind: Mapped[str | None] = mapped_column(String(2))  # 限度額適用認定証 OQSCD011
    limit_category: Mapped[str | None] = mapped_column(String(3))  # 適用区分 OQSCD012
    limit_issued: Mapped[date | None] = mapped_column(Date)
    limit_valid_from: Mapped[date | None] = mapped_column(Date)
    limit_valid_until: Mapped[date | None] = mapped_column(Date)
    limit_long_term: Mapped[date | None] = mapped_column(Date)  # 長期入院該当年月日
    has_specific_disease: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        Index("ix_qualifications_card", "insurer_number", "number", "birthdate"),
    )


class SpecificDiseaseCertificate(Base):
    """特定疾病療養受療証 held under a qualification."""

    __tablename__ = "specific_disease_certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    qualification_id: Mapped[int] = mapped_column(ForeignKey("qualifications.id"), index=True)
    disease: Mapped[str] = mapped_column(String(1))  # OQSCD013
    issued: Mapped[date | None] = mapped_column(Date)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    self_pay_yen: Mapped[int] = mapped_column(Integer)


class Facility(Base):
    """保険医療機関等 known to the hub, by 10-digit 医療機関等コード."""

    __tablename__ = "facilities"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    prefecture: Mapped[str] = mapped_column(String(2))
    score_table: Mapped[str] = mapped_column(String(1))  # 点数表番号


class RejectedRequest(Base):
    """A request the hub could not answer normally, kept for inspection (nothing is dropped)."""

    __tablename__ = "rejected_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    error_code: Mapped[str] = mapped_column(String(10))
    detail: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(80))
    body: Mapped[bytes] = mapped_column(LargeBinary)


class CardLink(Base):
    """保険証利用登録: a 利用者証明用電子証明書, by serial, linked to its holder's person record."""

    __tablename__ = "card_links"

    serial: Mapped[str] = mapped_column(String(40), primary_key=True)  # upper-case hex
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    registered_at: Mapped[datetime] = mapped_column(DateTime)
    deregistered_at: Mapped[datetime | None] = mapped_column(DateTime)  # 利用登録解除


class CardChallenge(Base):
    """A nonce the card (or the terminal) must sign: fresh, for one facility, used once."""

    __tablename__ = "card_challenges"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)  # hex
    facility_code: Mapped[str] = mapped_column(String(10))
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class CardConfirmation(Base):
    """Every 資格確認 by card, with the way identity was verified and how it ended."""

    __tablename__ = "card_confirmations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    confirmed_at: Mapped[datetime] = mapped_column(DateTime)
    facility_code: Mapped[str] = mapped_column(String(10), index=True)
    serial: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(10))  # onshi.hub.card_service.Method
    outcome: Mapped[str] = mapped_column(String(10))  # "OK" or the onshi result code


class TerminalDevice(Base):
    """A facility's 資格確認端末 whose key the hub trusts for 顔認証 and 目視確認 attestations."""

    __tablename__ = "terminal_devices"

    device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    facility_code: Mapped[str] = mapped_column(String(10), index=True)
    public_key: Mapped[str] = mapped_column(String(2000))  # PEM, SubjectPublicKeyInfo
    registered_at: Mapped[datetime] = mapped_column(DateTime)
