"""The audit trail on a real store: written with what it records, verified, never personal."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain.policy import Role
from app.services.errors import PermissionDenied
from tests.support import PASSWORDS, login


def tamper(desk: Desk, sql: str) -> None:
    with desk.engine.begin() as connection:
        connection.execute(text(sql))


@pytest.fixture
def busy_desk(desk: Desk) -> Desk:
    """A desk with some history: logins, a failure, a denial, a password change."""
    for login_id in ("clerk1", "clerk2", "admin"):
        login(desk, login_id)
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do for the history
        desk.auth.login("clerk1", "wrong-password-123")
    with pytest.raises(PermissionDenied):
        desk.audit.verify(login(desk, "clerk1"))
    return desk


def test_a_clean_trail_verifies_and_the_check_is_itself_audited(busy_desk: Desk) -> None:
    supervisor = login(busy_desk, "supervisor")
    report = busy_desk.audit.verify(supervisor)
    assert report.ok and report.events >= 7
    assert busy_desk.audit.recent(supervisor, limit=3)[0].action == "audit_verify"


@pytest.mark.parametrize(
    ("sql", "first_bad"),
    [
        ("UPDATE audit_events SET action = 'logout' WHERE seq = 3", 3),
        ("UPDATE audit_events SET staff_id = NULL WHERE seq = 2", 2),
        ("DELETE FROM audit_events WHERE seq = 4", 4),
        ("UPDATE audit_events SET seq = seq + 100 WHERE seq = 5", 5),
        ("DELETE FROM audit_events WHERE seq >= 6", 6),
    ],
)
def test_every_kind_of_tampering_is_found_with_the_first_bad_seq(
    busy_desk: Desk, sql: str, first_bad: int
) -> None:
    tamper(busy_desk, sql)
    supervisor = busy_desk.auth.login("supervisor", PASSWORDS["supervisor"])
    report = busy_desk.audit.verify(supervisor)
    assert not report.ok and report.first_bad_seq == first_bad


def test_a_cut_tail_with_its_head_moved_back_still_breaks_the_head_link(busy_desk: Desk) -> None:
    """Cutting the tail and the head together is caught against the server checkpoint (sync);
    locally the chain stays consistent, so this documents the limit of a local-only check."""
    tamper(busy_desk, "DELETE FROM audit_events WHERE seq > 3")
    tamper(
        busy_desk,
        "UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_events WHERE seq = 3)",
    )
    supervisor = login(busy_desk, "supervisor")
    assert busy_desk.audit.verify(supervisor).ok


def test_audit_events_hold_ids_and_codes_never_names_or_numbers(busy_desk: Desk) -> None:
    with busy_desk.engine.connect() as connection:
        values = connection.execute(text("SELECT name, kana, my_number, address FROM residents"))
        personal = {v for row in values for v in row if v}
        events = connection.execute(text("SELECT * FROM audit_events")).fetchall()
    dump = " ".join(str(value) for row in events for value in row)
    assert personal and not any(value in dump for value in personal)
    assert not any(password in dump for password in PASSWORDS.values())


def test_an_event_is_written_in_the_same_transaction_as_its_change(
    busy_desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A use case that fails half-way leaves neither its change nor its event."""
    admin = login(busy_desk, "admin")
    calls = []

    def failing_grant(*args: object) -> str:
        calls.append(args)
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(busy_desk.admin), "_grant", failing_grant)

    def counts() -> tuple[int, int]:
        with busy_desk.engine.connect() as connection:
            events = connection.execute(text("SELECT count(*) FROM audit_events")).scalar()
            staff = connection.execute(text("SELECT count(*) FROM staff")).scalar()
        return int(events or 0), int(staff or 0)

    before = counts()
    with pytest.raises(RuntimeError):
        busy_desk.admin.create_staff(
            admin, login_id="newbie", display_name="新人", roles=[Role.CLERK]
        )
    assert calls and counts() == before
