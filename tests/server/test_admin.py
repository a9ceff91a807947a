"""Administration changes reach the desks through the staff, grants and settings streams."""

from __future__ import annotations

from sqlalchemy import select

from server.models import ServerAudit
from tests.server.conftest import Server


def test_admin_flows_change_the_staff_and_grants_streams(server: Server) -> None:
    admin = server.login(server.enroll("admin"), "admin")
    desk = server.enroll("desk")
    _, staff_cursor = server.pull_all("staff", desk)
    _, grants_cursor = server.pull_all("grants", desk)
    made = server.post(
        "/admin/staff", admin,
        {"login_id": "clerk7", "display_name": "新人", "initial_password": "temporary-pass-123"},
    ).json()  # fmt: skip
    grant = server.post(
        f"/admin/staff/{made['id']}/grants", admin,
        {"role_code": "clerk", "valid_from": "2020-01-01T00:00:00Z"},
    ).json()  # fmt: skip
    assert grant["issued_by"] and grant["revoked_at"] is None
    staff_changes, staff_cursor = server.pull_all("staff", desk, staff_cursor)
    grant_changes, grants_cursor = server.pull_all("grants", desk, grants_cursor)
    assert [c["id"] for c in staff_changes] == [made["id"]]
    assert staff_changes[0]["data"]["password_hash"].startswith("$argon2id$")
    assert [c["data"]["role_code"] for c in grant_changes] == ["clerk"]
    server.post(f"/admin/grants/{grant['id']}/revoke", admin)
    revoked, _ = server.pull_all("grants", desk, grants_cursor)
    assert revoked[0]["data"]["revoked_at"] is not None
    for action in ("disable", "enable"):
        assert server.post(f"/admin/staff/{made['id']}/{action}", admin).status_code == 200
    reset = server.post(
        f"/admin/staff/{made['id']}/password", admin, {"new_password": "another-temp-pass-4"}
    )
    assert reset.json()["must_change_password"]
    changes, _ = server.pull_all("staff", desk, staff_cursor)
    assert [c["data"]["version"] for c in changes] == [4]
    with server.context.sessions() as session:
        actions = set(session.scalars(select(ServerAudit.action)))
    assert {"staff_create", "grant_create", "grant_revoke", "staff_disable", "staff_enable",
            "password_reset"} <= actions  # fmt: skip


def test_admin_refuses_bad_requests_in_japanese(server: Server) -> None:
    admin = server.login(server.enroll("admin"), "admin")
    listing = server.get("/admin/staff", admin).json()
    me = next(s for s in listing if s["login_id"] == "admin")
    assert server.post(f"/admin/staff/{me['id']}/disable", admin).status_code == 422
    taken = server.post(
        "/admin/staff", admin,
        {"login_id": "clerk1", "display_name": "x", "initial_password": "temporary-pass-123"},
    )  # fmt: skip
    assert taken.status_code == 422 and "既に使われています" in taken.json()["message"]
    weak = server.post(
        "/admin/staff", admin, {"login_id": "new1", "display_name": "x", "initial_password": "a"}
    )
    assert weak.status_code == 422
    bad_role = server.post(
        f"/admin/staff/{me['id']}/grants", admin,
        {"role_code": "king", "valid_from": "2020-01-01T00:00:00Z"},
    )  # fmt: skip
    assert bad_role.status_code == 422
    assert server.post("/admin/staff/nobody/enable", admin).status_code == 404


def test_enrollment_codes_devices_and_settings(server: Server) -> None:
    admin = server.login(server.enroll("admin"), "admin")
    made = server.post(
        "/admin/enrollment-codes", admin, {"workstation_name": "north-1", "ward": "北区"}
    ).json()
    enrolled = server.post("/enroll", json={"code": made["code"], "workstation_name": "north-1"})
    assert enrolled.json()["ward"] == "北区"
    devices = server.get("/admin/devices", admin).json()
    assert {d["workstation_name"] for d in devices} >= {"admin", "north-1"}
    desk = {"X-Device-Token": enrolled.json()["device_token"]}
    _, cursor = server.pull_all("settings", desk)
    assert server.put("/admin/settings/lockout_threshold", admin, {"value": 3}).status_code == 200
    changes, _ = server.pull_all("settings", desk, cursor)
    assert [(c["data"]["key"], c["data"]["value"]) for c in changes] == [("lockout_threshold", 3)]
    assert server.put("/admin/settings/lockout_threshold", admin, {"value": "x"}).status_code == 422
    assert server.put("/admin/settings/Bad-Key", admin, {"value": 1}).status_code == 422
    for _ in range(3):
        server.post("/auth/login", desk, {"login_id": "clerk1", "password": "wrong"})
    locked = server.post(
        "/auth/login", desk, {"login_id": "clerk1", "password": "hinode-sakura-01"}
    )
    assert locked.json()["code"] == "locked"


def test_only_an_admin_reaches_the_admin_routes_and_they_carry_no_resident_data(
    server: Server,
) -> None:
    clerk = server.login(server.enroll("clerk-desk"), "clerk1")
    for path in ("/admin/staff", "/admin/devices"):
        assert server.get(path, clerk).status_code == 403
    assert (
        server.post("/admin/enrollment-codes", clerk, {"workstation_name": "x"}).status_code == 403
    )
    assert server.put("/admin/settings/idle_lock_minutes", clerk, {"value": 3}).status_code == 403
    admin = server.login(server.enroll("admin-desk"), "admin")
    staff = server.get("/admin/staff", admin).json()
    me = next(s for s in staff if s["login_id"] == "admin")
    answers = [staff, server.get("/admin/devices", admin).json()]
    answers.append(server.get(f"/admin/staff/{me['id']}/grants", admin).json())
    keys = {key for answer in answers for row in answer for key in row}
    assert not keys & {"resident_id", "name_kana", "birth_date", "address", "my_number", "data"}


def test_unlock_ends_a_lock_out(server: Server) -> None:
    desk = server.enroll("unlock-desk")
    admin = server.login(server.enroll("unlock-admin"), "admin")
    for _ in range(5):
        server.post("/auth/login", desk, {"login_id": "clerk1", "password": "wrong"})
    staff = server.get("/admin/staff", admin).json()
    clerk = next(s for s in staff if s["login_id"] == "clerk1")
    assert server.post(f"/admin/staff/{clerk['id']}/unlock", admin).status_code == 200
    answer = server.post(
        "/auth/login", desk, {"login_id": "clerk1", "password": "hinode-sakura-01"}
    )
    assert answer.status_code == 200, answer.text
