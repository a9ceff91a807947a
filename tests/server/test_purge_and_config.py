"""Statutory purges, settings that refuse default secrets, the migrations, the CLI commands."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from pydantic import SecretStr
from sqlalchemy import func, select

from app.domain import voucher_number
from server.app import create_app
from server.cli import main
from server.config import ServerConfigError, ServerSettings
from server.db import alembic_config, make_engine
from server.models import ChangeLog, NhiPeriod, Record, Resident
from server.purge import purge_resident
from tests.server.conftest import Server
from tests.server.test_push import batch, form, push, record


def test_purging_a_resident_deletes_everything_and_sends_purges(server: Server) -> None:
    server.add_residents(2)
    server.ingest("nhi", "register_no,start,end\n0000000001,2024-04-01,\n")
    with server.context.sessions() as session:
        resident_id = session.scalar(
            select(Resident.id).where(Resident.register_no == "0000000001")
        )
    assert resident_id is not None
    staff = server.login(server.enroll())
    b = batch()
    paper = form(b["id"])
    paper["data"]["resident_id"] = resident_id
    entry = record("form_entry", {"form_id": paper["id"], "entry_no": 1, "staff_id": "s"})
    voucher = record("voucher", {
        "number": voucher_number.make(2026, 9), "resident_id": resident_id,
        "program_code": "lung", "fiscal_year": 2026,
        "issued_at": "2026-11-01T00:00:00+00:00", "issued_by": "s",
    })  # fmt: skip
    push(server, staff, b, paper, entry, voucher)
    desk = server.enroll("other")
    _, cursor = server.pull_all("purges", desk)
    with server.context.sessions.begin() as session:
        count = purge_resident(session, resident_id, "test")
    assert count == 5  # the resident, a period, the form, its entry, the voucher
    purges, _ = server.pull_all("purges", desk, cursor)
    assert sorted((c["kind"], c["op"], c["data"]) for c in purges) == sorted(
        [("residents", "purge", None), ("nhi", "purge", None), ("paper_form", "purge", None),
         ("form_entry", "purge", None), ("voucher", "purge", None)]
    )  # fmt: skip
    with server.context.sessions() as session:
        assert session.get(Resident, resident_id) is None
        assert session.scalar(select(func.count()).select_from(NhiPeriod)) == 0
        assert set(session.scalars(select(Record.id))) == {b["id"]}
        streams = set(
            session.scalars(select(ChangeLog.stream).where(ChangeLog.record_id == resident_id))
        )
    assert streams == {"purges"}


def test_the_purge_and_compact_commands(
    server: Server, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    server.add_residents(3)
    with server.context.sessions() as session:
        resident_id = session.scalars(select(Resident.id)).first()
    assert main(["purge-resident", str(resident_id), "--database-url", database_url]) == 0
    assert main(["purge-resident", "nobody", "--database-url", database_url]) == 1
    assert main(["compact", "--keep-last", "1", "--database-url", database_url]) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(out)["horizon"] > 0


def test_create_admin_prints_a_one_time_password(
    server: Server, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["create-admin", "chief", "--database-url", database_url]) == 0
    password = capsys.readouterr().out.strip().splitlines()[-1]
    server.clock.current = datetime.now(UTC) + timedelta(minutes=1)  # the grant starts now
    device = server.enroll()
    answer = server.post("/auth/login", device, {"login_id": "chief", "password": password})
    assert answer.status_code == 200
    assert answer.json()["must_change_password"] and answer.json()["roles"] == ["admin"]
    assert main(["create-admin", "chief", "--database-url", database_url]) == 1


@pytest.mark.parametrize("pepper", ["", "change-me", "changeme", "short-secret"])
def test_settings_refuse_default_or_short_secrets_outside_the_demo(
    pepper: str, signing_key_file: Path, tmp_path: Path
) -> None:
    settings = ServerSettings(
        token_pepper=SecretStr(pepper), signing_key_file=signing_key_file, data_dir=tmp_path
    )
    with pytest.raises(ServerConfigError, match="KENSHIN_SERVER_TOKEN_PEPPER"):
        settings.check()
    with pytest.raises(ServerConfigError):
        create_app(settings)
    ServerSettings(token_pepper=SecretStr(pepper), demo=True, data_dir=tmp_path).check()


def test_settings_refuse_a_missing_signing_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KENSHIN_SERVER_TOKEN_PEPPER", "p" * 40)
    settings = ServerSettings(signing_key_file=tmp_path / "missing.pem", data_dir=tmp_path)
    with pytest.raises(ServerConfigError, match="署名鍵"):
        settings.check()
    (tmp_path / "bad.pem").write_text("not a key")
    with pytest.raises(ServerConfigError):
        ServerSettings(signing_key_file=tmp_path / "bad.pem").check()
    assert main(["new-signing-key", str(tmp_path / "new.pem")]) == 0
    ServerSettings(signing_key_file=tmp_path / "new.pem").check()
    assert (tmp_path / "new.pem").stat().st_mode & 0o777 == 0o600
    assert main(["--port", "0"]) == 1  # no TLS files: refused before listening


def test_the_migrations_match_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'check.db'}")
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        command.check(config)
    engine.dispose()
