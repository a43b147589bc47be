"""The terminal's tables: the journal of every exchange and the local result archive."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

FILE_NAME_LENGTH = 255  # a journalled name is cut to fit: shown with \xNN, it may be longer


class Base(DeclarativeBase):
    pass


class Exchange(Base):
    """One answered request: from the req/ folder, the staff form, or (later) the card reader.

    For the folder, the row is written before the result file is renamed into res/, so a restart
    knows an answer exists and never writes it twice.
    """

    __tablename__ = "exchanges"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    source: Mapped[str] = mapped_column(String(8))  # "req" | "form" | "face"
    file_name: Mapped[str | None] = mapped_column(String(FILE_NAME_LENGTH))
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    answered_at: Mapped[datetime] = mapped_column(DateTime)
    rejected: Mapped[bool] = mapped_column(default=False)
    error_code: Mapped[str | None] = mapped_column(String(10))
    validity: Mapped[str | None] = mapped_column(String(1))
    patient_name: Mapped[str | None] = mapped_column(String(60))
    result: Mapped[bytes] = mapped_column(LargeBinary)


class ReaderAttempt(Base):
    """One card placed on a reader and what became of it: the reader metrics
    (複数回試行しても完了しなかった割合, per device and maker)."""

    __tablename__ = "reader_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    device: Mapped[str] = mapped_column(String(40), index=True)
    maker: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime] = mapped_column(DateTime)
    method: Mapped[str | None] = mapped_column(String(10))  # oqs.card_protocol.Method
    tries: Mapped[int] = mapped_column(default=1)  # verification tries within the attempt
    completed: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str] = mapped_column(String(20))  # "完了", "中止", or a result code
