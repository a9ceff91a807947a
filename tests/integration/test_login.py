"""Staff login on a real store: lock-out, no user oracle, forced change, revocation, audit."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain.passwords import PasswordPolicyError
from app.domain.policy import Role
from app.services.dto import GrantState
from app.services.errors import (
    LOGIN_FAILED,
    AccountLocked,
    AuthenticationFailed,
    PasswordChangeRequired,
    SessionEnded,
)
from tests.support import PASSWORDS, SettableClock, login, make_desk


def audit_rows(desk: Desk) -> list[tuple[str, str, str | None, str | None, str]]:
    with desk.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT action, outcome, staff_id, record_id, detail FROM audit_events ORDER BY seq"
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_clerk_logs_in_with_the_right_password_and_it_is_audited(desk: Desk) -> None:
    session = login(desk, "clerk1")
    assert session.roles == {Role.CLERK}
    assert session.workstation == "desk-1"
    assert ("login", "ok", session.staff_id, None, "") in audit_rows(desk)


def test_the_id_is_matched_ignoring_case_and_full_width_letters(desk: Desk) -> None:
    assert (
        login(desk, "clerk1").login_id
        == desk.auth.login("ＣＬＥＲＫ１", PASSWORDS["clerk1"]).login_id
    )


def test_an_unknown_id_and_a_wrong_password_get_the_same_message(desk: Desk) -> None:
    with pytest.raises(AuthenticationFailed) as unknown:
        desk.auth.login("nobody", "whatever-password")
    with pytest.raises(AuthenticationFailed) as wrong:
        desk.auth.login("clerk1", "whatever-password")
    assert unknown.value.message == wrong.value.message == LOGIN_FAILED


def test_five_failures_lock_the_account_for_fifteen_minutes(
    desk: Desk, clock: SettableClock
) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            desk.auth.login("clerk1", "wrong-password-123")
    with pytest.raises(AccountLocked) as locked:
        desk.auth.login("clerk1", "wrong-password-123")
    assert "15分" in locked.value.message
    with pytest.raises(AccountLocked):
        login(desk, "clerk1")
    clock.advance(minutes=14)
    with pytest.raises(AccountLocked):
        login(desk, "clerk1")
    clock.advance(minutes=1, seconds=1)
    assert login(desk, "clerk1").login_id == "clerk1"
    actions = [row[:2] for row in audit_rows(desk)]
    assert actions.count(("login", "failure")) == 5
    assert ("lock", "ok") in actions and actions.count(("login", "locked")) == 2


def test_an_unknown_id_locks_the_same_way_so_locking_reveals_nothing(desk: Desk) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            desk.auth.login("ghost", "wrong-password-123")
    with pytest.raises(AccountLocked):
        desk.auth.login("ghost", "wrong-password-123")


def test_a_password_typed_into_the_id_field_never_reaches_the_audit(desk: Desk) -> None:
    with pytest.raises(AuthenticationFailed):
        desk.auth.login("hinode-sakura-01", "x")
    with desk.engine.connect() as connection:
        dump = " ".join(
            str(v) for row in connection.execute(text("SELECT * FROM audit_events")) for v in row
        )
        throttle = " ".join(
            r[0] for r in connection.execute(text("SELECT name_hash FROM login_throttle"))
        )
    assert "hinode" not in dump and "hinode" not in throttle


def test_unknown_ids_take_about_as_long_as_wrong_passwords(tmp_path: Path) -> None:
    hasher = PasswordHasher(time_cost=1, memory_cost=16 * 1024, parallelism=1)
    desk = make_desk(tmp_path / "d", hasher=hasher, residents=0)
    with desk.engine.begin() as connection:  # let the series run without locking the account
        connection.execute(
            text(
                "INSERT INTO settings (id, version, updated_at, key, value)"
                " VALUES ('s1', 1, '2026-01-01 00:00:00', 'lockout_threshold', '1000')"
            )
        )

    def median_seconds(login_id: str) -> float:
        times = []
        for _ in range(7):
            started = time.perf_counter()
            with pytest.raises(AuthenticationFailed):
                desk.auth.login(login_id, "wrong-password-123")
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    unknown = median_seconds("nobody1")
    wrong = median_seconds("clerk2")
    assert 0.6 < unknown / wrong < 1.6
    desk.close()


def test_a_new_account_must_change_its_password_before_anything_else(desk: Desk) -> None:
    admin = login(desk, "admin")
    temporary = desk.admin.create_staff(
        admin, login_id="clerk9", display_name="新人 九郎", roles=[Role.CLERK]
    )
    session = desk.auth.login("clerk9", temporary)
    assert session.must_change_password
    with pytest.raises(PasswordChangeRequired):
        desk.desk.home(session)
    for bad, rule in (
        ("short-pass", "12文字以上"),
        ("clerk9-is-my-name", "職員ID"),
        ("password1234", "よく使われて"),
        (temporary, "現在と同じ"),
    ):
        with pytest.raises(PasswordPolicyError) as refused:
            desk.auth.change_password(session, current=temporary, new=bad)
        assert rule in refused.value.message
    with pytest.raises(AuthenticationFailed):
        desk.auth.change_password(session, current="not-the-password", new="a-much-better-one")
    changed = desk.auth.change_password(session, current=temporary, new="a-much-better-one")
    assert not changed.must_change_password
    assert desk.desk.home(changed).items
    assert desk.auth.login("clerk9", "a-much-better-one").must_change_password is False


def test_an_admin_reset_forces_a_change_and_clears_a_lock(desk: Desk) -> None:
    admin = login(desk, "admin")
    for _ in range(5):
        with pytest.raises((AuthenticationFailed, AccountLocked)):
            desk.auth.login("clerk2", "wrong-password-123")
    clerk2 = next(s for s in desk.admin.list_staff(admin) if s.login_id == "clerk2")
    assert clerk2.locked_until is not None
    temporary = desk.admin.reset_password(admin, staff_id=clerk2.id)
    assert desk.auth.login("clerk2", temporary).must_change_password
    with pytest.raises(AuthenticationFailed):
        login(desk, "clerk2")


def test_a_revoked_or_disabled_account_is_out_at_its_next_call(desk: Desk) -> None:
    admin = login(desk, "admin")
    clerk = login(desk, "clerk1")
    view = next(s for s in desk.admin.list_staff(admin) if s.login_id == "clerk1")
    desk.admin.revoke_grant(admin, grant_id=view.grants[0].id)
    with pytest.raises(SessionEnded):
        desk.desk.home(clerk)
    with pytest.raises(AuthenticationFailed) as refused:
        login(desk, "clerk1")
    assert "権限" in refused.value.message
    desk.admin.grant_role(admin, staff_id=view.id, role=Role.CLERK, valid_until=None)
    clerk = login(desk, "clerk1")
    desk.admin.set_disabled(admin, staff_id=view.id, disabled=True)
    with pytest.raises(SessionEnded):
        desk.desk.status(clerk)


def test_a_grant_past_its_validity_no_longer_counts(desk: Desk, clock: SettableClock) -> None:
    admin = login(desk, "admin")
    created = desk.admin.create_staff(
        admin, login_id="temp1", display_name="臨時 職員", roles=[Role.ADMIN]
    )
    staff = next(s for s in desk.admin.list_staff(admin) if s.login_id == "temp1")
    desk.admin.revoke_grant(admin, grant_id=staff.grants[0].id)
    desk.admin.grant_role(
        admin, staff_id=staff.id, role=Role.CLERK, valid_until=clock.now().replace(hour=23)
    )
    assert desk.auth.login("temp1", created).roles == {Role.CLERK}
    clock.advance(days=1)
    with pytest.raises(AuthenticationFailed):
        desk.auth.login("temp1", created)
    admin = login(desk, "admin")
    shown = next(s for s in desk.admin.list_staff(admin) if s.login_id == "temp1")
    assert [g.state for g in shown.grants] == [GrantState.REVOKED, GrantState.EXPIRED]


def test_unlock_needs_the_same_users_password_and_failures_count(desk: Desk) -> None:
    clerk = login(desk, "clerk1")
    desk.auth.lock(clerk)
    with pytest.raises(AuthenticationFailed):
        desk.auth.unlock(clerk, PASSWORDS["clerk2"])
    desk.auth.unlock(clerk, PASSWORDS["clerk1"])
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            desk.auth.unlock(clerk, "wrong-password-123")
    with pytest.raises(AccountLocked):
        desk.auth.unlock(clerk, "wrong-password-123")
    actions = [row[:2] for row in audit_rows(desk)]
    assert ("idle_lock", "ok") in actions and ("unlock", "ok") in actions


def test_drafts_are_kept_per_user_and_handed_back_once(desk: Desk) -> None:
    clerk1, clerk2 = login(desk, "clerk1"), login(desk, "clerk2")
    desk.desk.save_draft(clerk1, screen="entry", payload={"field": "value"})
    assert desk.desk.take_drafts(clerk2) == ()
    drafts = desk.desk.take_drafts(clerk1)
    assert [(d.screen, d.payload) for d in drafts] == [("entry", {"field": "value"})]
    assert desk.desk.take_drafts(clerk1) == ()
