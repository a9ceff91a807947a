"""Enrollment, login, lock-out, offline grants, token expiry, revocation, password change."""

from __future__ import annotations

import base64
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select

from app.sync import wire
from server.models import ServerAudit
from tests.server.conftest import PASSWORDS, Server


def test_an_enrollment_code_works_once(server: Server) -> None:
    code = server.code("ws-1", ward="北区")
    first = server.post("/enroll", json={"code": code.lower(), "workstation_name": "ws-1"})
    assert first.status_code == 200
    answer = wire.EnrollResponse.model_validate_json(first.content)
    assert answer.ward == "北区" and answer.kind == "workstation"
    again = server.post("/enroll", json={"code": code, "workstation_name": "ws-2"})
    assert again.status_code == 401


def test_an_enrollment_code_expires_after_24_hours(server: Server) -> None:
    code = server.code()
    server.clock.advance(hours=24, seconds=1)
    assert server.post("/enroll", json={"code": code, "workstation_name": "x"}).status_code == 401


def test_a_revoked_device_is_refused(server: Server) -> None:
    admin = server.login(server.enroll("admin-desk"), "admin")
    device = server.enroll("lost")
    answer = server.post(f"/admin/devices/{device['device_id']}/revoke", admin)
    assert answer.status_code == 200 and answer.json()["revoked_at"]
    refused = server.get("/sync/staff", device)
    assert refused.status_code == 401 and refused.json()["code"] == "device_revoked"


def test_login_answers_a_token_and_a_signed_grant_for_seven_days(server: Server) -> None:
    device = server.enroll()
    signing_key = server.post(
        "/enroll", json={"code": server.code(), "workstation_name": "other"}
    ).json()["signing_key"]
    answer = server.post(
        "/auth/login", device, {"login_id": "clerk1", "password": "hinode-sakura-01"}
    )
    login = wire.LoginResponse.model_validate_json(answer.content)
    assert login.roles == ["clerk"] and not login.must_change_password
    assert login.password_hash.startswith("$argon2id$")
    grant = login.offline_grant.grant
    assert grant.device_id == device["device_id"] and grant.staff_id == login.staff_id
    assert grant.expires_at - grant.issued_at == timedelta(days=7)
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(signing_key))
    key.verify(base64.b64decode(login.offline_grant.signature), wire.grant_bytes(grant))
    assert login.token_expires_at == server.clock.now() + timedelta(minutes=30)


def test_wrong_password_and_unknown_id_get_the_same_answer(server: Server) -> None:
    device = server.enroll()
    wrong = server.post("/auth/login", device, {"login_id": "clerk1", "password": "nope"})
    unknown = server.post("/auth/login", device, {"login_id": "ghost", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "login_failed"


def test_five_failures_lock_the_id_even_with_the_right_password(server: Server) -> None:
    device = server.enroll()
    for _ in range(5):
        server.post("/auth/login", device, {"login_id": "clerk2", "password": "bad"})
    locked = server.post(
        "/auth/login", device, {"login_id": "clerk2", "password": PASSWORDS["clerk2"]}
    )
    assert locked.status_code == 401 and locked.json()["code"] == "locked"
    for _ in range(5):
        server.post("/auth/login", device, {"login_id": "nobody", "password": "bad"})
    ghost = server.post("/auth/login", device, {"login_id": "nobody", "password": "bad"})
    assert ghost.json()["code"] == "locked"  # unknown ids lock the same way: no oracle
    server.clock.advance(minutes=16)
    assert (
        server.post(
            "/auth/login", device, {"login_id": "clerk2", "password": PASSWORDS["clerk2"]}
        ).status_code
        == 200
    )


def test_an_expired_staff_token_is_refused_as_expired(server: Server) -> None:
    staff = server.login(server.enroll())
    server.clock.advance(minutes=31)
    answer = server.post("/vouchers/blocks", staff, {"fiscal_year": 2026, "size": 1})
    assert answer.status_code == 401 and answer.json()["code"] == "token_expired"


def test_a_staff_token_belongs_to_its_device(server: Server) -> None:
    staff = server.login(server.enroll("a"))
    other = server.enroll("b")
    answer = server.post(
        "/vouchers/blocks", {**other, "Authorization": staff["Authorization"]},
        {"fiscal_year": 2026, "size": 1},
    )  # fmt: skip
    assert answer.status_code == 401 and answer.json()["code"] == "unauthorized"


def test_disabled_staff_and_revoked_grants_are_out_even_with_a_valid_token(server: Server) -> None:
    admin = server.login(server.enroll("admin"), "admin")
    device = server.enroll()
    clerk = server.login(device, "clerk1")
    supervisor = server.login(device, "supervisor")
    staff = {row["login_id"]: row["id"] for row in server.get("/admin/staff", admin).json()}
    server.post(f"/admin/staff/{staff['clerk1']}/disable", admin)
    answer = server.post("/vouchers/blocks", clerk, {"fiscal_year": 2026, "size": 1})
    assert answer.status_code == 401 and answer.json()["code"] == "staff_revoked"
    again = server.post(
        "/auth/login", device, {"login_id": "clerk1", "password": PASSWORDS["clerk1"]}
    )
    assert again.json()["code"] == "staff_revoked"
    grants = server.get(f"/admin/staff/{staff['supervisor']}/grants", admin).json()
    server.post(f"/admin/grants/{grants[0]['id']}/revoke", admin)
    answer = server.post("/vouchers/blocks", supervisor, {"fiscal_year": 2026, "size": 1})
    assert answer.json()["code"] == "staff_revoked"


def test_logout_ends_the_token(server: Server) -> None:
    staff = server.login(server.enroll())
    assert server.post("/auth/logout", staff).status_code == 200
    assert server.post("/auth/logout", staff).status_code == 401


def test_password_change_checks_the_current_one_and_the_rules(server: Server) -> None:
    staff = server.login(server.enroll())
    current = PASSWORDS["clerk1"]
    wrong = server.post("/auth/password", staff, {"current": "bad", "new": "a-long-new-passphrase"})
    assert wrong.status_code == 422
    short = server.post("/auth/password", staff, {"current": current, "new": "short"})
    assert short.status_code == 422 and "12文字以上" in short.json()["message"]
    _, cursor = server.pull_all("staff", staff)
    ok = server.post("/auth/password", staff, {"current": current, "new": "a-long-new-passphrase"})
    assert ok.status_code == 200
    changes, _ = server.pull_all("staff", staff, cursor)
    assert [c["data"]["login_id"] for c in changes] == ["clerk1"]
    with server.context.sessions() as session:
        actions = list(session.scalars(select(ServerAudit.action)))
    assert "password_change" in actions and "login" in actions


def test_a_new_account_must_change_its_password_before_anything_else(server: Server) -> None:
    admin = server.login(server.enroll("admin"), "admin")
    made = server.post(
        "/admin/staff", admin,
        {"login_id": "clerk9", "display_name": "新人", "initial_password": "temporary-pass-123"},
    )  # fmt: skip
    assert made.status_code == 200 and made.json()["must_change_password"]
    server.post(
        f"/admin/staff/{made.json()['id']}/grants", admin,
        {"role_code": "clerk", "valid_from": "2020-01-01T00:00:00Z"},
    )  # fmt: skip
    device = server.enroll()
    login = server.post(
        "/auth/login", device, {"login_id": "clerk9", "password": "temporary-pass-123"}
    )
    assert login.json()["must_change_password"]
    staff = {**device, "Authorization": "Bearer " + login.json()["staff_token"]}
    blocked = server.post("/vouchers/blocks", staff, {"fiscal_year": 2026, "size": 1})
    assert blocked.status_code == 403 and blocked.json()["code"] == "password_change_required"
    changed = server.post(
        "/auth/password", staff, {"current": "temporary-pass-123", "new": "my-own-passphrase-9"}
    )
    assert changed.status_code == 200
    assert (
        server.post("/vouchers/blocks", staff, {"fiscal_year": 2026, "size": 1}).status_code == 200
    )


def test_parallel_first_logins_of_one_name_all_count_and_none_fails(server: Server) -> None:
    """Six wrong passwords at once for a name never seen: six 401s (no 500 from two inserts
    of its throttle row), and all six counted: the name is locked."""
    if server.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer: parallel logins cannot race there")
    device = server.enroll()
    body = {"login_id": "clerk2", "password": "wrong-password-123"}
    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(lambda _: server.post("/auth/login", device, body).status_code,
                              range(6)))  # fmt: skip
    assert codes == [401] * 6
    right = {"login_id": "clerk2", "password": PASSWORDS["clerk2"]}
    locked = server.post("/auth/login", device, right)
    assert locked.status_code == 401 and locked.json()["code"] == "locked"


@pytest.mark.parametrize("depth", [400, 100_000])
def test_a_deeply_nested_body_is_refused_plainly_before_login(server: Server, depth: int) -> None:
    """Anyone who reaches the server can send this to /enroll: a 4xx in Japanese, not a 500."""
    body = '{"code": "x", "workstation_name": "ws", "x": ' + "[" * depth + "]" * depth + "}"
    answer = server.client.post(
        wire.API + "/enroll", content=body.encode(), headers={"content-type": "application/json"}
    )
    assert 400 <= answer.status_code < 500
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", answer.json()["message"])
