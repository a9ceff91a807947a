"""The operator's commands behind healthdesk-server's subcommands, straight on the database."""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from datetime import UTC, datetime

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import KenshinError
from app.domain.policy import Role
from app.sync import wire
from server import audit, master
from server.changes import compact
from server.config import ServerSettings
from server.db import make_engine, session_factory, upgrade
from server.ingest import FeedRejected, apply_feed
from server.models import Grant, Staff
from server.purge import purge_resident
from server.reference import ensure_reference
from server.renkei import service as renkei


class CommandRefused(KenshinError):
    """The command cannot do what was asked; the message says why (Japanese / English)."""


def run(command: str, args: argparse.Namespace, settings: ServerSettings) -> int:
    if command == "enrollment-code":
        settings.check()  # the code is hashed with the server's pepper
    engine = make_engine(settings.url())
    try:
        upgrade(engine)
        with session_factory(engine)() as session:
            ensure_reference(session, datetime.now(UTC))
            session.commit()
            return _COMMANDS[command](session, args, settings)
    finally:
        engine.dispose()


def _ingest(session: Session, args: argparse.Namespace, settings: ServerSettings) -> int:
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandRefused(
            "ファイルを UTF-8 として読めません。 / The file cannot be read as UTF-8."
        ) from exc
    now = datetime.now(UTC)
    try:
        result = apply_feed(session, args.feed, text, now)
    except FeedRejected as exc:
        session.rollback()
        print(exc.message, file=sys.stderr)
        for row in exc.rows:
            print(f"{row.row}行目: {row.reason}", file=sys.stderr)
        return 2
    audit.record(
        session,
        "ingest",
        target_kind=args.feed,
        detail=f"actor=cli rows={result.accepted} changed={result.changed}",
        now=now,
    )
    session.commit()
    print(result.model_dump_json())
    return 0


def _create_admin(session: Session, args: argparse.Namespace, settings: ServerSettings) -> int:
    login_id = args.login.strip()
    if not login_id or len(login_id) > 40:
        raise CommandRefused("職員IDは1〜40文字です。 / The login is 1-40 characters.")
    if session.scalar(select(Staff.id).where(Staff.login_id == login_id)) is not None:
        raise CommandRefused("この職員IDは既にあります。 / This login exists already.")
    password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
    now = datetime.now(UTC)
    staff = Staff(
        login_id=login_id,
        display_name=args.display_name,
        password_hash=PasswordHasher().hash(password),
        must_change_password=True,
    )
    master.added(session, staff, "staff", now)
    grant = Grant(staff_id=staff.id, role_code=Role.ADMIN.value, valid_from=now, issued_at=now)
    master.added(session, grant, "grants", now)
    audit.record(session, "create_admin", target_kind="staff", target_id=staff.id, now=now)
    session.commit()
    print(f"管理者 {login_id} を作成しました。初回ログイン時に変更が必要な一時パスワード:")
    print(password)
    return 0


def _enrollment_code(session: Session, args: argparse.Namespace, settings: ServerSettings) -> int:
    from server.routes_admin import issue_enrollment_code

    body = wire.EnrollmentCodeCreate(workstation_name=args.name, ward=args.ward, kind=args.kind)
    now = datetime.now(UTC)
    code, expires = issue_enrollment_code(
        session, settings.pepper(), body, now, settings.enrollment_code_hours
    )
    audit.record(session, "enrollment_code", target_kind=args.kind, detail="actor=cli", now=now)
    session.commit()
    print(json.dumps({"code": code, "expires_at": expires.isoformat()}))
    return 0


def _purge(session: Session, args: argparse.Namespace, settings: ServerSettings) -> int:
    try:
        count = purge_resident(session, args.resident_id, "cli")
    except LookupError as exc:
        raise CommandRefused(f"{exc} / No such resident.") from exc
    session.commit()
    print(f"消去しました（{count}件の消去を各端末へ配信します）。 / purged: {count} rows")
    return 0


def _compact(session: Session, args: argparse.Namespace, settings: ServerSettings) -> int:
    if args.keep_last is None and args.before_seq is None:
        older = datetime.now(UTC) - settings.tombstone_horizon
        deleted, horizon = compact(session, older_than=older)
    else:
        deleted, horizon = compact(session, keep_last_n=args.keep_last, before_seq=args.before_seq)
    session.commit()
    print(json.dumps({"deleted": deleted, "horizon": horizon}))
    return 0


def _renkei_exchange(session: Session, args: argparse.Namespace, settings: ServerSettings) -> int:
    """One exchange with the 中間サーバー (run by the operator's scheduler, e.g. hourly)."""
    try:
        connection = renkei.connect(settings)
    except renkei.RenkeiRefused as exc:
        raise CommandRefused(f"{exc.message} / 情報連携 is not configured.") from exc
    now = datetime.now(UTC)
    engine = session.get_bind()
    session.close()
    counts = renkei.exchange(session_factory(engine), connection, now)  # type: ignore[arg-type]
    with session_factory(engine).begin() as own:  # type: ignore[arg-type]
        audit.record(
            own,
            "renkei_exchange",
            detail=f"actor=cli sent={counts.sent} received={counts.received} "
            f"refused={counts.refused}",
            now=now,
        )
    for reason in counts.reasons:
        print(f"拒否した受信電文 / refused: {reason}", file=sys.stderr)
    print(json.dumps(counts.as_wire().model_dump()))
    return 0


_COMMANDS = {
    "ingest": _ingest,
    "create-admin": _create_admin,
    "enrollment-code": _enrollment_code,
    "purge-resident": _purge,
    "compact": _compact,
    "renkei-exchange": _renkei_exchange,
}
