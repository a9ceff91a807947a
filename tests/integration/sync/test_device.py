"""Voucher blocks, device revocation and enrollment of a desk."""

from __future__ import annotations

from pathlib import Path

import keyring.errors
import pytest

from app.domain import voucher_number
from app.domain.errors import KenshinError
from app.services.enrollment_service import BAD_CODE, BAD_NAME, BAD_PEM, BAD_URL, UNSYNCED_LEFT
from app.store.keys import entry_name
from app.sync.engine import DEVICE_REVOKED
from tests.integration.sync.conftest import CODE, SERVER_URL, SyncDesk, make_sync_desk
from tests.integration.sync.fake_server import DEVICE_TOKEN, FakeServer
from tests.integration.sync.test_push import eligible, issue


def test_a_synced_desk_keeps_a_block_of_voucher_numbers_and_numbers_from_it(
    synced: SyncDesk,
) -> None:
    assert synced.rows("SELECT next_serial, last_serial FROM voucher_blocks") == [(1, 1000)]
    voucher = issue(synced, eligible(synced, 1)[0])
    number = synced.scalar("SELECT number FROM vouchers WHERE id = :i", i=voucher)
    assert number == voucher_number.make(2026, 1)
    synced.sync()
    assert synced.scalar("SELECT count(*) FROM voucher_blocks") == 1  # 999 free: no refill


def test_blocks_are_refilled_below_the_low_water_mark_and_expired_ones_dropped(
    synced: SyncDesk,
) -> None:
    with synced.desk.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE voucher_blocks SET next_serial = 900")
    synced.sync()
    assert synced.rows("SELECT next_serial, last_serial FROM voucher_blocks ORDER BY 1") == [
        (900, 1000),
        (1001, 2000),
    ]
    synced.clock.advance(days=31)
    synced.sync()
    assert synced.scalar("SELECT min(next_serial) FROM voucher_blocks") == 2001


def test_an_enrolled_desk_without_numbers_refuses_to_issue(
    tmp_path: Path, server: FakeServer, ca_pem: str
) -> None:
    desk = make_sync_desk(tmp_path, server, ca_pem)
    with pytest.raises(KenshinError, match="受診券番号の在庫がありません"):
        issue(desk, eligible(desk, 1)[0])
    assert desk.scalar("SELECT count(*) FROM vouchers") == 0


def test_a_revoked_desk_keeps_its_key_while_records_wait(synced: SyncDesk) -> None:
    issue(synced, eligible(synced, 1)[0])
    synced.server.errors.append(("/sync/", 401, "device_revoked"))
    report = synced.sync()
    assert report.device_revoked and report.message == DEVICE_REVOKED
    assert synced.keys.load(synced.data_dir) is not None
    synced.server.requests.clear()
    assert synced.sync().device_revoked
    assert synced.server.requests == []  # a revoked desk stops syncing
    assert synced.desk.sync.status().message == DEVICE_REVOKED
    assert synced.desk.server_client() is None


def test_a_revoked_desk_with_nothing_pending_drops_its_store_key(synced: SyncDesk) -> None:
    synced.server.errors.append(("/sync/", 401, "device_revoked"))
    assert synced.sync().device_revoked
    assert synced.keys.load(synced.data_dir) is None
    assert (synced.data_dir / "kenshin.db").exists()


def test_a_keyring_error_on_revocation_keeps_everything(
    synced: SyncDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(service: str, username: str) -> None:
        raise keyring.errors.KeyringError("locked")

    monkeypatch.setattr(synced.backend, "delete_password", broken)
    synced.server.errors.append(("/sync/", 401, "device_revoked"))
    assert synced.sync().device_revoked
    assert synced.backend.entries[("kenshin-desk", entry_name(synced.data_dir))]
    assert (synced.data_dir / "kenshin.db").exists()


def test_enrollment_keeps_the_token_in_the_keyring_only(
    tmp_path: Path, server: FakeServer, ca_pem: str
) -> None:
    desk = make_sync_desk(tmp_path, server, ca_pem, enroll=False)
    assert not desk.desk.enrollment.enrolled()
    assert desk.desk.server_client() is None
    result = desk.desk.enrollment.enroll(SERVER_URL + "/", CODE, ca_pem, " desk-1 ")
    assert (result.server_url, result.workstation_name) == (SERVER_URL, "desk-1")
    assert desk.keys.load_device_token(desk.data_dir) == DEVICE_TOKEN
    assert DEVICE_TOKEN not in str(desk.rows("SELECT * FROM sync_device"))
    assert DEVICE_TOKEN not in str(desk.rows("SELECT * FROM audit_events"))
    assert desk.scalar("SELECT count(*) FROM audit_events WHERE action = 'device_enroll'") == 1
    assert desk.desk.server_client() is not None
    assert desk.desk.sync.status().enrolled


@pytest.mark.parametrize(
    ("url", "code", "pem", "name", "message"),
    [
        ("http://kenshin.test", CODE, None, "desk-1", BAD_URL),
        ("kenshin.test", CODE, None, "desk-1", BAD_URL),
        (SERVER_URL, "abc", None, "desk-1", BAD_CODE),
        (SERVER_URL, "コード１２３４５６", None, "desk-1", BAD_CODE),
        (SERVER_URL, CODE, "not a certificate", "desk-1", BAD_PEM),
        (SERVER_URL, CODE, None, "", BAD_NAME),
        (SERVER_URL, CODE, None, "x" * 65, BAD_NAME),
    ],
)
def test_enrollment_input_is_checked_with_a_message_that_says_what_to_fix(
    tmp_path: Path,
    server: FakeServer,
    ca_pem: str,
    url: str,
    code: str,
    pem: str | None,
    name: str,
    message: str,
) -> None:
    desk = make_sync_desk(tmp_path, server, ca_pem, residents=0, enroll=False)
    with pytest.raises(KenshinError) as refused:
        desk.desk.enrollment.enroll(url, code, pem or ca_pem, name)
    assert str(refused.value) == message
    assert server.requests == []
    assert not desk.desk.enrollment.enrolled()


def test_a_wrong_code_is_refused_with_the_servers_message(
    tmp_path: Path, server: FakeServer, ca_pem: str
) -> None:
    desk = make_sync_desk(tmp_path, server, ca_pem, residents=0, enroll=False)
    with pytest.raises(KenshinError, match="invalid"):
        desk.desk.enrollment.enroll(SERVER_URL, "WRONG-999999", ca_pem, "desk-1")
    assert not desk.desk.enrollment.enrolled()
    assert desk.keys.load_device_token(desk.data_dir) is None


def test_enrolling_again_is_refused_while_records_wait_and_allowed_after(
    synced: SyncDesk, ca_pem: str
) -> None:
    issue(synced, eligible(synced, 1)[0])
    with pytest.raises(KenshinError) as refused:
        synced.desk.enrollment.enroll(SERVER_URL, CODE, ca_pem, "desk-1")
    assert str(refused.value) == UNSYNCED_LEFT
    synced.sync()
    synced.desk.enrollment.enroll(SERVER_URL, CODE, ca_pem, "desk-1")
    events = "SELECT count(*) FROM audit_events WHERE action = 'device_enroll'"
    assert synced.scalar(events) == 2
