"""Who may do what: roles (DESIGN.md) and the one permission table every service checks."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


ROLE_NAMES_JA = {
    Role.CLERK: "事務担当",
    Role.SUPERVISOR: "保護責任者",
    Role.ADMIN: "システム管理者",
}


class Permission(StrEnum):
    USE_DESK = "use_desk"
    RESIDENT_SEARCH = "resident_search"
    RESIDENT_VIEW = "resident_view"
    MY_NUMBER_REVEAL = "my_number_reveal"
    ENTRY_KEY = "entry_key"
    PRINT_ONE = "print_one"
    ADJUDICATE = "adjudicate"
    APPROVE = "approve"
    BATCH_ISSUE = "batch_issue"
    EXTRACT_TARGETS = "extract_targets"
    STATISTICS = "statistics"
    AUDIT_REVIEW = "audit_review"
    RETENTION_APPROVE = "retention_approve"
    SYNC_PROBLEMS = "sync_problems"
    RENKEI = "renkei"  # 情報連携: 情報照会, confirming answers, the 情報提供等記録
    STAFF_ADMIN = "staff_admin"
    SETTINGS_ADMIN = "settings_admin"
    WORKSTATION_ADMIN = "workstation_admin"


_ALL = frozenset(Role)
_DESK = frozenset({Role.CLERK, Role.SUPERVISOR})
_SUPERVISOR = frozenset({Role.SUPERVISOR})
_ADMIN = frozenset({Role.ADMIN})

POLICY: dict[Permission, frozenset[Role]] = {
    Permission.USE_DESK: _ALL,
    Permission.RESIDENT_SEARCH: _DESK,
    Permission.RESIDENT_VIEW: _DESK,
    Permission.MY_NUMBER_REVEAL: _SUPERVISOR,
    Permission.ENTRY_KEY: _DESK,
    Permission.PRINT_ONE: _DESK,
    Permission.ADJUDICATE: _SUPERVISOR,
    Permission.APPROVE: _SUPERVISOR,
    Permission.BATCH_ISSUE: _SUPERVISOR,
    Permission.EXTRACT_TARGETS: _SUPERVISOR,
    Permission.STATISTICS: _SUPERVISOR,
    Permission.AUDIT_REVIEW: _SUPERVISOR,
    Permission.RETENTION_APPROVE: _SUPERVISOR,
    Permission.SYNC_PROBLEMS: _SUPERVISOR,
    Permission.RENKEI: _SUPERVISOR,
    Permission.STAFF_ADMIN: _ADMIN,
    Permission.SETTINGS_ADMIN: _ADMIN,
    Permission.WORKSTATION_ADMIN: _ADMIN,
}


def allows(roles: Iterable[Role | str], permission: Permission) -> bool:
    allowed = POLICY[permission]
    return any(Role(role) in allowed for role in roles)


def permissions_of(roles: Iterable[Role | str]) -> frozenset[Permission]:
    held = [Role(role) for role in roles]
    return frozenset(p for p, allowed in POLICY.items() if any(r in allowed for r in held))
