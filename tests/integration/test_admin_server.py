"""Administration from an enrolled desk goes to a real server and reaches the other desks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.bootstrap import build_desk, open_engine
from app.domain.errors import KenshinError
from app.domain.policy import Role
from app.services.admin_server import NEEDS_ENROLLMENT, NEEDS_ONLINE
from app.services.dto import StaffSession
from app.services.errors import AuthenticationFailed, PermissionDenied, SessionEnded
from app.store.keys import KeyringKeyStore
from tests.e2e.harness import DeskFactory, ServerHandle, login, start_server
from tests.support import MemoryKeyring, cheap_hasher

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    with start_server(tmp_path_factory.mktemp("server"), residents=50) as handle:
        yield handle


@pytest.fixture(scope="module")
def desks(server: ServerHandle, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskFactory]:
    made = DeskFactory(server, tmp_path_factory.mktemp("desks"))
    yield made
    made.close()


@pytest.fixture(scope="module")
def office(desks: DeskFactory) -> tuple:
    """Desk A (the admin's) and desk B (a clerk's), both enrolled and synced."""
    desk_a, desk_b = desks.new("admin-desk"), desks.new("clerk-desk")
    admin = login(desk_a, "admin")
    assert admin.staff_token is not None
    return desk_a, desk_b, admin


def _staff(desk, admin: StaffSession, login_id: str):
    return next(s for s in desk.admin.list_staff(admin) if s.login_id == login_id)


def test_created_staff_logs_in_online_at_another_desk_and_must_change(office) -> None:
    desk_a, desk_b, admin = office
    password = desk_a.admin.create_staff(
        admin, login_id="newbie", display_name="新人 一郎", roles=[Role.CLERK]
    )
    made = _staff(desk_a, admin, "newbie")  # on desk A at once (pulled after the call)
    assert made.must_change_password and [g.role for g in made.grants] == [Role.CLERK]
    session = desk_b.auth.login("newbie", password)
    assert session.online and session.must_change_password
    changed = desk_b.auth.change_password(session, current=password, new="Sakura-own-pass-2026")
    assert not changed.must_change_password
    with desk_a.engine.connect() as connection:
        actions = {
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT action FROM audit_events WHERE record_kind IN ('staff', 'grant')"
            )
        }
    assert {"create", "grant_issue"} <= actions


def test_reset_password_forces_a_change_at_the_next_login(office) -> None:
    desk_a, desk_b, admin = office
    if not any(s.login_id == "resetme" for s in desk_a.admin.list_staff(admin)):
        desk_a.admin.create_staff(
            admin, login_id="resetme", display_name="再設定 花子", roles=[Role.CLERK]
        )
    target = _staff(desk_a, admin, "resetme")
    temporary = desk_a.admin.reset_password(admin, staff_id=target.id)
    session = desk_b.auth.login("resetme", temporary)
    assert session.must_change_password
    assert _staff(desk_a, admin, "resetme").must_change_password


def test_a_revoked_grant_is_refused_after_sync(office) -> None:
    desk_a, desk_b, admin = office
    password = desk_a.admin.create_staff(
        admin, login_id="revokee", display_name="取消 次郎", roles=[Role.CLERK]
    )
    session = desk_b.auth.login("revokee", password)
    session = desk_b.auth.change_password(session, current=password, new="Momiji-own-pass-2026")
    desk_b.lookup.wards(session)  # allowed while the grant holds
    grant = _staff(desk_a, admin, "revokee").grants[0]
    desk_a.admin.revoke_grant(admin, grant_id=grant.id)
    assert not _staff(desk_a, admin, "revokee").grants[0].active
    desk_b.sync.sync_now(None)
    with pytest.raises((PermissionDenied, SessionEnded)):
        desk_b.lookup.wards(session)
    history = desk_a.admin.grants_history(admin)
    line = next(r for r in history if r.grant_id == grant.id)
    assert line.issued_by == "admin" and line.revoked_by == "admin"
    assert line.revoked_at is not None


def test_a_disabled_account_cannot_log_in(office) -> None:
    desk_a, desk_b, admin = office
    password = desk_a.admin.create_staff(
        admin, login_id="leaver", display_name="退職 三郎", roles=[Role.CLERK]
    )
    target = _staff(desk_a, admin, "leaver")
    desk_a.admin.set_disabled(admin, staff_id=target.id, disabled=True)
    assert _staff(desk_a, admin, "leaver").disabled
    with pytest.raises(AuthenticationFailed):
        desk_b.auth.login("leaver", password)


def test_a_setting_change_reaches_another_desk_after_sync(office) -> None:
    desk_a, desk_b, admin = office
    desk_a.admin.change_setting(admin, key="idle_lock_minutes", value=9)
    desk_a.admin.change_setting(admin, key="file_printer_names", value=["PDF", "Scan to File"])
    assert desk_a.admin.current_settings(admin).idle_lock_minutes == 9
    desk_b.sync.sync_now(None)
    settings = desk_b.desk.settings()
    assert settings.idle_lock_minutes == 9
    assert settings.file_printer_names == ("PDF", "Scan to File")
    with pytest.raises(KenshinError, match="1〜60"):
        desk_a.admin.change_setting(admin, key="idle_lock_minutes", value=0)


def test_an_enrollment_code_enrols_a_new_desk_and_revocation_refuses_it(
    office, server: ServerHandle, tmp_path: Path
) -> None:
    desk_a, _, admin = office
    code = desk_a.admin.issue_enrollment_code(admin, workstation_name="north-3")
    assert code.workstation_name == "north-3" and code.expires_at is not None
    keys = KeyringKeyStore(MemoryKeyring())
    engine = open_engine(tmp_path / "north", keys, create=True)
    desk = build_desk(
        engine,
        hasher=cheap_hasher(),
        workstation="north-3",
        keys=keys,
        data_dir=tmp_path / "north",
    )
    try:
        desk.enrollment.enroll(server.url, code.code, server.ca_pem, "north-3")
        assert desk.sync.sync_now(None).online
        device = next(
            d for d in desk_a.admin.list_devices(admin) if d.workstation_name == "north-3"
        )
        assert not device.revoked
        desk_a.admin.revoke_device(admin, device_id=device.id)
        assert next(d for d in desk_a.admin.list_devices(admin) if d.id == device.id).revoked
        report = desk.sync.sync_now(None)
        assert report.device_revoked
    finally:
        desk.close()
    with desk_a.engine.connect() as connection:
        details = [
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT coalesce(detail, '') FROM audit_events WHERE action IN "
                "('enrollment_code_issue', 'device_revoke')"
            )
        ]
    assert len(details) == 2 and all(code.code not in d for d in details)


def test_an_offline_session_is_told_administration_needs_the_server(
    office, server: ServerHandle
) -> None:
    desk_a, _, _ = office
    with server.offline():
        offline = login(desk_a, "admin")
        assert offline.staff_token is None
        with pytest.raises(KenshinError) as refused:
            desk_a.admin.create_staff(
                offline, login_id="nobody", display_name="誰 某", roles=[Role.CLERK]
            )
        assert refused.value.message == NEEDS_ONLINE
        with pytest.raises(KenshinError, match="サーバー"):
            desk_a.admin.change_setting(offline, key="reminder_months", value=3)


def test_the_admin_never_reaches_resident_data_on_an_enrolled_desk(office) -> None:
    desk_a, _, admin = office
    with desk_a.engine.connect() as connection:
        resident_id = connection.exec_driver_sql("SELECT id FROM residents LIMIT 1").scalar()
    assert resident_id is not None  # the desk holds residents; the admin still cannot see them
    for call in (
        lambda: desk_a.lookup.search(admin, text="ヤ"),
        lambda: desk_a.lookup.open_resident(admin, resident_id=resident_id),
        lambda: desk_a.lookup.reveal_my_number(admin, resident_id=resident_id),
        lambda: desk_a.issuance.vouchers_of(admin, resident_id=resident_id),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_a_standalone_desk_cannot_manage_workstations(desk) -> None:
    from tests.support import login as local_login

    admin = local_login(desk, "admin")
    with pytest.raises(KenshinError) as refused:
        desk.admin.issue_enrollment_code(admin, workstation_name="x")
    assert refused.value.message == NEEDS_ENROLLMENT


def test_unlock_from_the_desk_ends_the_servers_lock_out(office) -> None:
    desk_a, desk_b, admin = office
    password = desk_a.admin.create_staff(
        admin, login_id="forgetful", display_name="忘れ 五郎", roles=[Role.CLERK]
    )
    for _ in range(6):
        with pytest.raises(KenshinError):
            desk_b.auth.login("forgetful", "not-the-password")
    with pytest.raises(KenshinError):
        desk_b.auth.login("forgetful", password)  # locked now
    desk_a.admin.unlock_account(admin, staff_id=_staff(desk_a, admin, "forgetful").id)
    assert desk_b.auth.login("forgetful", password).must_change_password
