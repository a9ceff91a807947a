"""Reference rows every store holds from birth: the three roles and the default programs."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.domain.policy import ROLE_NAMES_JA, Role
from app.domain.programs import DEFAULT_PROGRAMS, to_settings
from app.store.orm import Program
from app.store.orm import Role as RoleRow


def ensure_roles(session: Session) -> None:
    present = set(session.scalars(select(RoleRow.code)))
    for role in Role:
        if role.value not in present:
            session.add(RoleRow(code=role.value, name=ROLE_NAMES_JA[role]))
    session.flush()


def ensure_programs(session: Session) -> None:
    """The ten programs with DOMAIN.md's defaults, until the server sends the city's settings."""
    present = set(session.scalars(select(Program.code)))
    for code, program in DEFAULT_PROGRAMS.items():
        if code not in present:
            session.add(Program(code=code, name=program.name_ja, settings=to_settings(program)))
    session.flush()


def reference_data_missing(engine: Engine) -> bool:
    """True for a new store, or one made before a kind of reference row existed."""
    with engine.connect() as connection:
        roles = connection.execute(select(func.count()).select_from(RoleRow)).scalar()
        programs = connection.execute(select(func.count()).select_from(Program)).scalar()
    return roles != len(Role) or programs != len(DEFAULT_PROGRAMS)
