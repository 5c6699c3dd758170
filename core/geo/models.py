"""The provinces reference table (global; a Citus reference table when distributed)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base


class ProvinceRow(Base):
    """GB/T 2260 province codes and names, loaded by the first migration."""

    __tablename__ = "provinces"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    short: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(40))
    en: Mapped[str] = mapped_column(String(40))
