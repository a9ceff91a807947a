"""The unit of work: one session, its repositories, and rollback unless commit() was called."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.store.entry_repository import SqlAlchemyEntryRepository
from app.store.followup_repository import SqlAlchemyFollowupRepository
from app.store.repositories import (
    SqlAlchemyAuditLog,
    SqlAlchemyDraftRepository,
    SqlAlchemySettingsRepository,
    SqlAlchemyStaffRepository,
    SqlAlchemySyncStateRepository,
    SqlAlchemyThrottleRepository,
)
from app.store.resident_repository import SqlAlchemyResidentQueries
from app.store.review_repository import SqlAlchemyReviewRepository
from app.store.statistics_queries import SqlAlchemyStatisticsQueries
from app.store.sync_repository import SqlAlchemySyncRepository
from app.store.target_queries import SqlAlchemyTargetQueries
from app.store.voucher_repository import SqlAlchemyVoucherRepository


class SqlAlchemyUnitOfWork:
    """`with uow: ...; uow.commit()` — leaving the block without commit rolls everything back."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        workstation: str,
        now: Callable[[], datetime],
        read_only: bool = False,
    ) -> None:
        self._read_only = read_only
        self._factory = session_factory
        self._workstation = workstation
        self._now = now

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        self.session = self._factory()
        if self._read_only:
            self.session.connection(execution_options={"read_only": True})
        self.staff = SqlAlchemyStaffRepository(self.session)
        self.throttle = SqlAlchemyThrottleRepository(self.session)
        self.audit = SqlAlchemyAuditLog(self.session, self._workstation, self._now)
        self.settings = SqlAlchemySettingsRepository(self.session)
        self.drafts = SqlAlchemyDraftRepository(self.session)
        self.sync_state = SqlAlchemySyncStateRepository(self.session)
        self.sync = SqlAlchemySyncRepository(self.session)
        self.residents = SqlAlchemyResidentQueries(self.session)
        self.targets = SqlAlchemyTargetQueries(self.session)
        self.entries = SqlAlchemyEntryRepository(self.session)
        self.vouchers = SqlAlchemyVoucherRepository(self.session)
        self.followups = SqlAlchemyFollowupRepository(self.session)
        self.reviews = SqlAlchemyReviewRepository(self.session)
        self.statistics = SqlAlchemyStatisticsQueries(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
