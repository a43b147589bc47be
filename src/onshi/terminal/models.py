"""The terminal's tables: the journal of every exchange and the local result archive."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Exchange(Base):
    """One answered request: from the req/ folder, the staff form, or (later) the card reader.

    For the folder, the row is written before the result file is renamed into res/, so a restart
    knows an answer exists and never writes it twice.
    """

    __tablename__ = "exchanges"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    source: Mapped[str] = mapped_column(String(8))  # "req" | "form"
    file_name: Mapped[str | None] = mapped_column(String(255))
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    answered_at: Mapped[datetime] = mapped_column(DateTime)
    rejected: Mapped[bool] = mapped_column(default=False)
    error_code: Mapped[str | None] = mapped_column(String(10))
    validity: Mapped[str | None] = mapped_column(String(1))
    patient_name: Mapped[str | None] = mapped_column(String(60))
    result: Mapped[bytes] = mapped_column(LargeBinary)
