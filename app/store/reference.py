"""Reference rows every store holds from birth: the three roles."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.policy import ROLE_NAMES_JA, Role
from app.store.orm import Role as RoleRow


def ensure_roles(session: Session) -> None:
    present = set(session.scalars(select(RoleRow.code)))
    for role in Role:
        if role.value not in present:
            session.add(RoleRow(code=role.value, name=ROLE_NAMES_JA[role]))
    session.flush()
