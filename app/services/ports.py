"""What services need from the outside: a unit-of-work factory and a clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

    UnitOfWorkFactory = Callable[..., SqlAlchemyUnitOfWork]  # (read_only: bool = False)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
