"""Permission checks inside the services: every call re-reads the caller's live grants."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar

from app.domain.policy import Permission, Role, allows
from app.services.dto import StaffSession
from app.services.errors import PasswordChangeRequired, PermissionDenied, SessionEnded
from app.services.ports import Clock

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory

P = ParamSpec("P")
R = TypeVar("R")


class Guard:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def check(
        self, session: StaffSession, permission: Permission, *, before_password_change: bool
    ) -> frozenset[Role]:
        """The caller's current roles, or a refusal that is audited and committed.

        The grants are read in a read-only transaction: a permitted call (nearly every call)
        takes no write lock, so a search never waits behind a sync writing the store. Only a
        refusal opens a write transaction, to audit it.
        """
        with self._uow(read_only=True) as uow:
            access = uow.staff.access(session.staff_id, self._clock.now())
        disabled, must_change, roles = access if access is not None else (True, False, set())
        if disabled:
            roles = set()
        error: Exception | None = None
        if not roles:
            error, action = SessionEnded(), "session_ended"
        elif must_change and not before_password_change:
            error, action = PasswordChangeRequired(), "permission_denied"
        elif not allows(roles, permission):
            error, action = PermissionDenied(), "permission_denied"
        if error is None:
            return frozenset(Role(role) for role in roles)
        with self._uow() as uow:
            uow.audit.record(
                staff_id=session.staff_id,
                action=action,
                outcome="denied",
                record_kind="permission",
                record_id=permission.value,
            )
            uow.commit()
        raise error


class Guarded(Protocol):
    _guard: Guard


S = TypeVar("S", bound=Guarded)


def requires(
    permission: Permission, *, before_password_change: bool = False
) -> Callable[
    [Callable[Concatenate[S, StaffSession, P], R]], Callable[Concatenate[S, StaffSession, P], R]
]:
    """Mark a use case with the permission it needs; the check runs before its body."""

    def decorate(
        method: Callable[Concatenate[S, StaffSession, P], R],
    ) -> Callable[Concatenate[S, StaffSession, P], R]:
        @functools.wraps(method)
        def checked(self: S, session: StaffSession, /, *args: P.args, **kwargs: P.kwargs) -> R:
            self._guard.check(session, permission, before_password_change=before_password_change)
            return method(self, session, *args, **kwargs)

        checked.required_permission = permission  # type: ignore[attr-defined]
        return checked

    return decorate


def required_permission(method: Any) -> Permission | None:
    """The permission a service method was marked with (the role-matrix test reads it)."""
    return getattr(method, "required_permission", None)
