"""Vouchers (受診券): numbering, lookup by resident, and the issuance records."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.ids import new_id
from app.store.orm_vouchers import IssuanceItem, IssuanceRun, Voucher


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

    def active_holders(self, program_code: str, fiscal_year: int) -> set[str]:
        query = select(Voucher.resident_id).where(
            Voucher.program_code == program_code,
            Voucher.fiscal_year == fiscal_year,
            Voucher.status == "issued",
        )
        return set(self._session.scalars(query))

    def postal_order(self) -> list[tuple[str, bool]]:
        """(resident id, support measure) of the whole register in bulk-mail order."""
        cursor = self._session.connection().exec_driver_sql(
            "SELECT id, support_measure FROM residents ORDER BY postal_code, address, register_no"
        )
        return [(row[0], bool(row[1])) for row in cursor]

    def add_run(self, run: IssuanceRun, resident_ids: list[str]) -> None:
        if not resident_ids:
            self._session.add(run)
            self._session.flush()
            return
        self._session.add(run)
        self._session.flush()
        self._session.connection().exec_driver_sql(
            "INSERT INTO issuance_items (id, run_id, seq, resident_id, status)"
            " VALUES (?, ?, ?, ?, ?)",
            [(new_id(), run.id, seq, rid, "pending") for seq, rid in enumerate(resident_ids, 1)],
        )

    def run(self, run_id: str) -> IssuanceRun | None:
        return self._session.get(IssuanceRun, run_id)

    def runs(self) -> list[IssuanceRun]:
        query = select(IssuanceRun).order_by(IssuanceRun.status, IssuanceRun.created_at.desc())
        return list(self._session.scalars(query))

    def items(self, run_id: str, status: str, limit: int) -> list[IssuanceItem]:
        query = (
            select(IssuanceItem)
            .where(IssuanceItem.run_id == run_id, IssuanceItem.status == status)
            .order_by(IssuanceItem.seq)
            .limit(limit)
        )
        return list(self._session.scalars(query))

    def item_counts(self, run_id: str) -> dict[str, int]:
        query = (
            select(IssuanceItem.status, func.count())
            .where(IssuanceItem.run_id == run_id)
            .group_by(IssuanceItem.status)
        )
        return {status: int(n) for status, n in self._session.execute(query)}

    def items_by_id(self, run_id: str, item_ids: list[str]) -> list[IssuanceItem]:
        query = select(IssuanceItem).where(
            IssuanceItem.run_id == run_id, IssuanceItem.id.in_(item_ids)
        )
        return list(self._session.scalars(query))
