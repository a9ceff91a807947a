"""Reference rows the server holds from its first start (roles, programs, settings), and the
demo accounts."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.policy import ROLE_NAMES_JA, Role
from app.domain.programs import DEFAULT_PROGRAMS, to_settings
from app.domain.settings import DeskSettings
from app.domain.synthetic import DEMO_STAFF
from server.changes import Change, lock_change_log, log_changes
from server.models import Grant, Program, Setting, Staff
from server.models import Role as RoleRow

DEMO_FROM = datetime(2020, 4, 1, tzinfo=UTC)  # demo grants are valid from a fixed past day


def default_settings() -> dict[str, Any]:
    defaults = DeskSettings()
    return {
        f.name: list(value) if isinstance(value := getattr(defaults, f.name), tuple) else value
        for f in fields(DeskSettings)
    }


def ensure_reference(session: Session, now: datetime) -> int:
    """Add the roles, default programs and default settings that are missing; returns how many.

    Locks the change log first, so several servers starting together add each row once.
    """
    lock_change_log(session)
    changes: list[Change] = []
    roles = set(session.scalars(select(RoleRow.code)))
    for role in Role:
        if role.value not in roles:
            row = RoleRow(code=role.value, name=ROLE_NAMES_JA[role], updated_at=now)
            session.add(row)
            session.flush()
            changes.append(Change("roles", row.id))
    programs = set(session.scalars(select(Program.code)))
    for code, program in DEFAULT_PROGRAMS.items():
        if code not in programs:
            settings = to_settings(program)
            prog = Program(code=code, name=program.name_ja, settings=settings, updated_at=now)
            session.add(prog)
            session.flush()
            changes.append(Change("programs", prog.id))
    keys = set(session.scalars(select(Setting.key)))
    for key, value in default_settings().items():
        if key not in keys:
            setting = Setting(key=key, value=value, updated_at=now)
            session.add(setting)
            session.flush()
            changes.append(Change("settings", setting.id))
    log_changes(session, changes, now=now)
    return len(changes)


def seed_demo_staff(session: Session, hasher: PasswordHasher, now: datetime) -> list[str]:
    """The demo accounts of app.domain.synthetic.DEMO_STAFF (same logins, passwords, roles)."""
    changes: list[Change] = []
    present = set(session.scalars(select(Staff.login_id)))
    for login_id, name, roles, password in DEMO_STAFF:
        if login_id in present:
            continue
        staff = Staff(
            login_id=login_id,
            display_name=name,
            password_hash=hasher.hash(password),
            must_change_password=False,
            password_changed_at=now,
            updated_at=now,
        )
        session.add(staff)
        session.flush()
        changes.append(Change("staff", staff.id))
        for role in roles:
            grant = Grant(
                staff_id=staff.id,
                role_code=role.value,
                valid_from=DEMO_FROM,
                issued_at=now,
                updated_at=now,
            )
            session.add(grant)
            session.flush()
            changes.append(Change("grants", grant.id))
    log_changes(session, changes, now=now)
    return [login_id for login_id, *_ in DEMO_STAFF]
