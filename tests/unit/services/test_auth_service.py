"""AuthService rules with in-memory fakes: lock-out arithmetic, messages, audit, settings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.passwords import PasswordPolicyError
from app.services.auth_service import AuthService, login_hash, normalise_login_id
from app.services.errors import LOGIN_FAILED, AccountLocked, AuthenticationFailed
from tests.support import SettableClock, cheap_hasher
from tests.unit.services.fakes import FakeUnitOfWork, add_staff

PASSWORD = "correct-horse-battery"


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def service(uow: FakeUnitOfWork, clock: SettableClock) -> AuthService:
    hasher = cheap_hasher()
    add_staff(uow, "clerk1", hasher.hash(PASSWORD), ["clerk"], clock.now() - timedelta(days=1))
    return AuthService(
        uow,
        hasher=hasher,
        clock=clock,
        workstation="w1",  # type: ignore[arg-type]
        common_passwords={"password1234"},
    )


def test_a_right_password_logs_in_and_commits_one_audit_event(
    service: AuthService, uow: FakeUnitOfWork
) -> None:
    session = service.login("clerk1", PASSWORD)
    assert session.login_id == "clerk1" and session.workstation == "w1"
    assert [e["action"] for e in uow.audit.events] == ["login"]
    assert uow.committed == 1


def test_the_lockout_threshold_and_length_come_from_settings(
    service: AuthService, uow: FakeUnitOfWork, clock: SettableClock
) -> None:
    uow.settings.values.update(lockout_threshold=2, lockout_minutes=3)
    with pytest.raises(AuthenticationFailed):
        service.login("clerk1", "wrong")
    with pytest.raises(AccountLocked) as locked:
        service.login("clerk1", "wrong")
    assert "約3分" in locked.value.message
    clock.advance(minutes=2)
    with pytest.raises(AccountLocked) as still:
        service.login("clerk1", PASSWORD)
    assert "約1分" in still.value.message
    clock.advance(minutes=1, seconds=1)
    assert service.login("clerk1", PASSWORD).login_id == "clerk1"


def test_a_success_resets_the_failure_count(service: AuthService, uow: FakeUnitOfWork) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            service.login("clerk1", "wrong")
    service.login("clerk1", PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            service.login("clerk1", "wrong")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        " ",
        "\x00clerk1",
        "x" * 10_000,
        "ｃｌｅｒｋ\u200b１",
        "'; DROP TABLE staff;--",
    ],
)
def test_odd_ids_get_the_plain_failure_message(service: AuthService, typed: str) -> None:
    with pytest.raises(AuthenticationFailed) as refused:
        service.login(typed, PASSWORD if "clerk" in typed else "x")
    assert refused.value.message == LOGIN_FAILED


def test_spaces_and_a_newline_pasted_around_the_id_are_ignored(service: AuthService) -> None:
    assert service.login(" clerk1\n", PASSWORD).login_id == "clerk1"


def test_a_ten_thousand_character_password_is_just_wrong(service: AuthService) -> None:
    with pytest.raises(AuthenticationFailed):
        service.login("clerk1", "p" * 10_000)


def test_throttle_keys_are_hashes_of_the_normalised_id() -> None:
    assert normalise_login_id(" ＣＬＥＲＫ１ ") == "clerk1"
    assert login_hash("CLERK1") == login_hash("clerk1") and len(login_hash("clerk1")) == 64


def test_a_new_password_on_the_blocklist_is_refused(
    service: AuthService, uow: FakeUnitOfWork
) -> None:
    session = service.login("clerk1", PASSWORD)
    with pytest.raises(PasswordPolicyError):
        service.change_password(session, current=PASSWORD, new="PASSWORD1234")
