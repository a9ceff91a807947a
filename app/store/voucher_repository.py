"""Vouchers (受診券): numbering, lookup by resident, and the issuance records."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store.orm import Voucher


class SqlAlchemyVoucherRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, voucher: Voucher) -> None:
        self._session.add(voucher)
        self._session.flush()

    def get(self, voucher_id: str) -> Voucher | None:
        return self._session.get(Voucher, voucher_id)

    def last_number(self, prefix: str) -> str | None:
        """The highest number issued with this fiscal-year prefix (the unit of work holds the
        write lock, so the next number taken from it is this desk's alone)."""
        query = select(func.max(Voucher.number)).where(Voucher.number.like(f"{prefix}%"))
        return self._session.scalar(query)

    def of_resident(self, resident_id: str) -> list[Voucher]:
        query = (
            select(Voucher)
            .where(Voucher.resident_id == resident_id)
            .order_by(Voucher.issued_at.desc())
        )
        return list(self._session.scalars(query))

    def active(self, resident_id: str, program_code: str, fiscal_year: int) -> Voucher | None:
        query = select(Voucher).where(
            Voucher.resident_id == resident_id,
            Voucher.program_code == program_code,
            Voucher.fiscal_year == fiscal_year,
            Voucher.status == "issued",
        )
        return self._session.scalars(query).first()
