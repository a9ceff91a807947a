"""Staff login, lock-out, password change, idle unlock and logout, all audited."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import threading
import unicodedata
from collections.abc import Callable, Container
from datetime import timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.domain.passwords import check_new_password, normalise
from app.domain.policy import Permission, Role
from app.domain.settings import DeskSettings
from app.services import online_auth
from app.services.dto import StaffSession
from app.services.errors import AccountLocked, AuthenticationFailed
from app.services.guard import Guard, requires
from app.services.ports import Clock
from app.sync.transport import ServerBusy, ServerClient, ServerRefused, ServerUnreachable, SyncError

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.orm import LoginThrottle, Staff
    from app.store.unit_of_work import SqlAlchemyUnitOfWork
    from app.sync import wire

MAX_LOGIN_ID = 40
MAX_PASSWORD = 1024


def normalise_login_id(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def login_hash(login_id: str) -> str:
    """The throttle key: a hash, so a password typed into the ID field is never stored."""
    return hashlib.sha256(normalise_login_id(login_id).encode("utf-8")).hexdigest()


class AuthService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        *,
        hasher: PasswordHasher,
        clock: Clock,
        workstation: str,
        common_passwords: Container[str],
        server: Callable[[], ServerClient | None] | None = None,
        after_online_login: Callable[[], object] | None = None,
    ) -> None:
        self._uow = uow
        # The central server, when this desk is enrolled: it decides every online login.
        self._server = server or (lambda: None)
        # Brings the staff, grants and roles streams down after an online login.
        self._after_online_login = after_online_login
        self._hasher = hasher
        self._clock = clock
        self._workstation = workstation
        self._common = common_passwords
        self._guard = Guard(uow, clock)
        # Unknown IDs are checked against a dummy hash, so they cost what a wrong password costs.
        # It is made off the GUI thread (argon2 releases the GIL) so the login window opens at once.
        self._dummy: str | None = None
        self._dummy_lock = threading.Lock()
        threading.Thread(target=self._dummy_hash, name="argon2-dummy", daemon=True).start()

    def _dummy_hash(self) -> str:
        with self._dummy_lock:
            if self._dummy is None:
                self._dummy = self._hasher.hash(secrets.token_urlsafe(24))
            return self._dummy

    def login(self, login_id: str, password: str) -> StaffSession:
        name = normalise_login_id(login_id)[:MAX_LOGIN_ID]
        client = self._server() if _printable(name) else None
        if client is not None:
            try:
                answer = client.login(name, password[:MAX_PASSWORD])
            except (ServerUnreachable, ServerBusy):
                pass  # offline: the synced hash and the offline grant decide below
            except ServerRefused as exc:
                self._online_refused(name, exc)
            else:
                return self._online_ok(name, answer)
            finally:
                client.close()
        return self._local_login(name, password)

    def _online_ok(self, name: str, answer: wire.LoginResponse) -> StaffSession:
        with self._uow() as uow:
            online_auth.keep_online_login(uow, answer)
            uow.throttle.clear(login_hash(name))
            uow.audit.record(staff_id=answer.staff_id, action="login", outcome="ok")
            uow.commit()
        if self._after_online_login is not None:
            # If this fails, the background sync brings the grants down on its next round.
            with contextlib.suppress(SyncError):
                self._after_online_login()
        return online_auth.online_session(answer, self._workstation, self._clock.now())

    def _online_refused(self, name: str, exc: ServerRefused) -> None:
        with self._uow() as uow:
            staff = uow.staff.get_by_login(name)
            if staff is not None and exc.code == "staff_revoked":
                uow.sync.drop_grant(staff.id)  # no offline way back in after the server said no
            uow.audit.record(
                staff_id=staff.id if staff else None,
                action="login",
                outcome="failure",
                record_kind="login_name",
                record_id=login_hash(name)[:16],
            )
            uow.commit()
        raise AuthenticationFailed(online_auth.refused_message(exc))

    def _local_login(self, name: str, password: str) -> StaffSession:
        with self._uow() as uow:
            settings = DeskSettings.from_mapping(uow.settings.all())
            throttle = uow.throttle.get(login_hash(name))
            staff = uow.staff.get_by_login(name) if _printable(name) else None
            password_ok = self._verify(staff.password_hash if staff else None, password)
            now = self._clock.now()
            if throttle.locked_until is not None and throttle.locked_until > now:
                uow.audit.record(
                    staff_id=staff.id if staff else None,
                    action="login",
                    outcome="locked",
                    record_kind="login_name",
                    record_id=throttle.name_hash[:16],
                )
                uow.commit()
                raise AccountLocked(_minutes_left(throttle.locked_until - now))
            if staff is None or not password_ok:
                self._fail(uow, throttle, staff, settings)
            assert staff is not None
            return self._succeed(uow, throttle, staff, password)

    def _verify(self, password_hash: str | None, password: str) -> bool:
        candidate = normalise(password[:MAX_PASSWORD])
        try:
            return self._hasher.verify(password_hash or self._dummy_hash(), candidate) and (
                password_hash is not None
            )
        except (VerificationError, InvalidHashError):
            return False

    def _fail(
        self,
        uow: SqlAlchemyUnitOfWork,
        throttle: LoginThrottle,
        staff: Staff | None,
        settings: DeskSettings,
    ) -> None:
        throttle.failures += 1
        staff_id = staff.id if staff else None
        uow.audit.record(
            staff_id=staff_id,
            action="login",
            outcome="failure",
            record_kind="login_name",
            record_id=throttle.name_hash[:16],
        )
        if throttle.failures >= settings.lockout_threshold:
            throttle.locked_until = self._clock.now() + timedelta(minutes=settings.lockout_minutes)
            throttle.failures = 0
            uow.audit.record(
                staff_id=staff_id,
                action="lock",
                outcome="ok",
                record_kind="login_name",
                record_id=throttle.name_hash[:16],
            )
            uow.commit()
            raise AccountLocked(settings.lockout_minutes)
        uow.commit()
        raise AuthenticationFailed()

    def _succeed(
        self, uow: SqlAlchemyUnitOfWork, throttle: LoginThrottle, staff: Staff, password: str
    ) -> StaffSession:
        roles = uow.staff.active_roles(staff.id, self._clock.now())
        if staff.disabled or not roles:
            uow.audit.record(staff_id=staff.id, action="login", outcome="denied")
            uow.commit()
            raise AuthenticationFailed(
                "このIDは利用停止中か、有効な権限がありません。システム管理者に連絡してください。"
            )
        online_auth.check_offline(uow, staff, self._clock.now())
        enrolled = uow.sync.device() is not None
        uow.throttle.clear(throttle.name_hash)
        if self._hasher.check_needs_rehash(staff.password_hash) and not enrolled:
            staff.password_hash = self._hasher.hash(normalise(password))
        uow.audit.record(
            staff_id=staff.id, action="login_offline" if enrolled else "login", outcome="ok"
        )
        uow.commit()
        return StaffSession(
            staff_id=staff.id,
            login_id=staff.login_id,
            display_name=staff.display_name,
            roles=frozenset(Role(role) for role in roles),
            must_change_password=staff.must_change_password,
            workstation=self._workstation,
            started_at=self._clock.now(),
        )

    @requires(Permission.USE_DESK, before_password_change=True)
    def change_password(self, session: StaffSession, /, *, current: str, new: str) -> StaffSession:
        online_auth.change_on_server(self._server, self._uow, session, current, new)
        with self._uow() as uow:
            staff = uow.staff.get(session.staff_id)
            assert staff is not None
            if not self._verify(staff.password_hash, current):
                uow.audit.record(staff_id=staff.id, action="password_change", outcome="failure")
                uow.commit()
                raise AuthenticationFailed("現在のパスワードが正しくありません。")
            value = check_new_password(
                new, login_id=staff.login_id, common=self._common, current=current
            )
            staff.password_hash = self._hasher.hash(value)
            staff.must_change_password = False
            staff.password_changed_at = self._clock.now()
            staff.version += 1
            uow.audit.record(
                staff_id=staff.id,
                action="password_change",
                outcome="ok",
                record_kind="staff",
                record_id=staff.id,
            )
            uow.commit()
        return _replace_must_change(session)

    @requires(Permission.USE_DESK, before_password_change=True)
    def lock(self, session: StaffSession, /) -> None:
        """The idle lock: recorded, so a reviewer sees when a desk was left."""
        with self._uow() as uow:
            uow.audit.record(staff_id=session.staff_id, action="idle_lock")
            uow.commit()

    def unlock(self, session: StaffSession, password: str) -> None:
        """Unlock for the same staff member; failures count toward the lock-out."""
        with self._uow() as uow:
            settings = DeskSettings.from_mapping(uow.settings.all())
            staff = uow.staff.get(session.staff_id)
            throttle = uow.throttle.get(login_hash(session.login_id))
            ok = self._verify(staff.password_hash if staff else None, password)
            now = self._clock.now()
            if throttle.locked_until is not None and throttle.locked_until > now:
                uow.audit.record(staff_id=session.staff_id, action="unlock", outcome="locked")
                uow.commit()
                raise AccountLocked(_minutes_left(throttle.locked_until - now))
            if not ok or staff is None:
                self._fail(uow, throttle, staff, settings)
            uow.throttle.clear(throttle.name_hash)
            uow.audit.record(staff_id=session.staff_id, action="unlock", outcome="ok")
            uow.commit()
        self._guard.check(session, Permission.USE_DESK, before_password_change=True)

    def logout(self, session: StaffSession) -> None:
        online_auth.end_on_server(self._server, session)
        with self._uow() as uow:
            uow.audit.record(staff_id=session.staff_id, action="logout")
            uow.commit()


def _printable(text: str) -> bool:
    return bool(text) and all(unicodedata.category(ch)[0] != "C" for ch in text)


def _minutes_left(delta: timedelta) -> int:
    return max(1, -(-int(delta.total_seconds()) // 60))


def _replace_must_change(session: StaffSession) -> StaffSession:
    from dataclasses import replace

    return replace(session, must_change_password=False)
