"""Every service method, called with every role, is allowed or refused as the policy table says."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.domain.policy import POLICY, Permission, Role
from app.domain.screening_report import build
from app.services.dto import StaffSession
from app.services.errors import PermissionDenied
from app.services.guard import required_permission
from app.services.reminder_service import Candidates
from app.services.statistics_service import StatisticsReport
from tests.support import login

UNGUARDED = {
    # Before a login there is no session to check; these hold no personal data.
    ("AuthService", "login"),
    ("AuthService", "unlock"),
    ("AuthService", "logout"),
    ("DeskService", "settings"),
    ("DeskService", "workstation_info"),
    # The status bar and the background runner: counts only, no personal data.
    ("SyncService", "status"),
    ("SyncService", "sync_now"),
    ("SyncService", "pull_identity"),
}

ROLE_LOGINS = {Role.CLERK: "clerk1", Role.SUPERVISOR: "supervisor", Role.ADMIN: "admin"}


def services(desk: Desk) -> dict[str, object]:
    """Every service the desk is built with, so a new one cannot escape the matrix."""
    found = [getattr(desk, f.name) for f in fields(desk)]
    return {type(s).__name__: s for s in found if hasattr(s, "_guard")}


def public_methods(service: object) -> list[tuple[str, Callable[..., Any]]]:
    return [
        (name, member)
        for name, member in inspect.getmembers(type(service), inspect.isfunction)
        if not name.startswith("_")
    ]


def sample_arguments(desk: Desk, target_id: str) -> dict[str, dict[str, Any]]:
    with desk.engine.connect() as connection:
        resident_id = connection.execute(text("SELECT id FROM residents LIMIT 1")).scalar()
    return {
        "change_password": {"current": "not-the-password", "new": "another-long-password"},
        "create_staff": {"login_id": "matrix", "display_name": "行列 試験", "roles": [Role.CLERK]},
        "reset_password": {"staff_id": target_id},
        "unlock_account": {"staff_id": target_id},
        "set_disabled": {"staff_id": target_id, "disabled": False},
        "grant_role": {"staff_id": target_id, "role": Role.CLERK, "valid_until": None},
        "revoke_grant": {"grant_id": "no-such-grant"},
        "save_draft": {"screen": "matrix", "payload": {"a": 1}},
        "recent": {"limit": 5},
        "search": {"text": "ヤ"},
        "AuditService.search": {"action": "login"},
        "flags": {"period_from": date(2026, 11, 1), "period_to": date(2026, 11, 30)},
        "mark_reviewed": {
            "period_from": date(2026, 11, 1),
            "period_to": date(2026, 11, 30),
            "comment": "行列の確認",
        },
        "open_resident": {"resident_id": resident_id},
        "reveal_my_number": {"resident_id": resident_id},
        "extract": {"program_code": "breast", "fiscal_year": 2026},
        "program_report": {"program_code": "breast", "fiscal_year": 2026},
        "saved": {"program_code": "breast", "fiscal_year": 2026},
        "printable": {
            "made": StatisticsReport(
                "breast",
                "乳がん",
                2026,
                build("breast", 2026, youngest=40, targets={}, examinees=[]),
                40,
            )
        },
        "create_batch": {
            "program_code": "colorectal",
            "clinic_code": "1312345678",
            "month": "2026-06",
            "received_count": 1,
        },
        "open_form": {"batch_id": "none", "form_no": 1},
        "match_identity": {"identity": {}},
        "EntryService.save_draft": {"entry_id": "none", "identity": {}, "values": {}},
        "submit": {"entry_id": "none", "identity": {}, "values": {}},
        "open_case": {"form_id": "none"},
        "key_from_paper": {"form_id": "none", "field": "judgement", "value": "1"},
        "settle": {"form_id": "none", "field": "judgement", "decision": "accept", "reason": "r"},
        "resolve_identity": {"form_id": "none", "resident_id": "none", "reason": "r"},
        "request_change": {"result_id": "none", "changes": {"a": "b"}, "reason": "r"},
        "request_delete": {"result_id": "none", "reason": "r"},
        "approve": {"request_id": "none", "reverified": {}, "reason": "r"},
        "reject": {"request_id": "none", "reason": "r"},
        "FollowupService.record": {"result_id": "none", "status": "unknown"},
        "FollowupService.confirm": {"followup_id": "none", "status": "unknown"},
        "FollowupService.referrals": {"resident_id": resident_id},
        "keying_errors": {"by": "clerk"},
        "issue_one": {"resident_id": "none", "program_code": "colorectal", "fiscal_year": 2026},
        "release_support": {
            "resident_id": "none",
            "program_code": "colorectal",
            "fiscal_year": 2026,
            "reason": "r",
        },
        "reissue": {"voucher_id": "none", "reason": "r"},
        "void": {"voucher_id": "none", "reason": "r"},
        "vouchers_of": {"resident_id": "none"},
        "plan_batch": {"program_code": "breast", "fiscal_year": 2026},
        "next_chunk": {"run_id": "none"},
        "confirm_printed": {"run_id": "none", "item_ids": []},
        "support_list": {"run_id": "none"},
        "follow_ups": {},
        "result_notice": {"result_id": "none"},
        "invitations": {"program_code": "breast", "fiscal_year": 2026},
        "print_notices": {"candidates": Candidates("reminder", (), 0)},
        "refuses_printer": {"printer_name": "Office Printer", "writes_file": False},
        "resolve": {"problem_id": "none", "action": "retry"},
        "issue_enrollment_code": {"workstation_name": "matrix"},
        "revoke_device": {"device_id": "none"},
        "change_setting": {"key": "reminder_months", "value": 6},
        "RetentionService.names": {"program_code": "lung", "fiscal_year": 2019},
        "RetentionService.approve": {
            "program_code": "lung",
            "fiscal_year": 2019,
            "expected_count": 1,
        },
        "RenkeiService.request": {"resident_id": resident_id},
        "confirm_answer": {"answer_id": "none"},
        "reject_answer": {"answer_id": "none", "reason": "r"},
        "record_print": {
            "document_kind": "voucher_postcard",
            "record_ids": [],
            "pages": 1,
            "printer_name": "Office Printer",
        },
    }


def denials(desk: Desk) -> int:
    with desk.engine.connect() as connection:
        query = "SELECT count(*) FROM audit_events WHERE action = 'permission_denied'"
        return int(connection.execute(text(query)).scalar() or 0)


def test_only_the_known_entry_points_are_unguarded(desk: Desk) -> None:
    unguarded = {
        (service_name, name)
        for service_name, service in services(desk).items()
        for name, method in public_methods(service)
        if required_permission(method) is None
    }
    assert unguarded == UNGUARDED


@pytest.mark.parametrize("role", list(Role))
def test_every_guarded_method_follows_the_policy_table_for(desk: Desk, role: Role) -> None:
    admin = login(desk, "admin")
    desk.admin.create_staff(admin, login_id="target", display_name="対象 職員", roles=[Role.CLERK])
    target_id = next(s.id for s in desk.admin.list_staff(admin) if s.login_id == "target")
    session: StaffSession = login(desk, ROLE_LOGINS[role])
    arguments = sample_arguments(desk, target_id)
    checked = 0
    for service in services(desk).values():
        for name, method in public_methods(service):
            permission = required_permission(method)
            if permission is None:
                continue
            allowed = role in POLICY[permission]
            before = denials(desk)
            try:
                kwargs = arguments.get(f"{type(service).__name__}.{name}", arguments.get(name, {}))
                getattr(service, name)(session, **kwargs)
                outcome = "allowed"
            except PermissionDenied:
                outcome = "denied"
            except KenshinError:
                outcome = "allowed"  # passed the guard, refused by the use case's own rules
            assert outcome == ("allowed" if allowed else "denied"), f"{name} for {role}"
            assert denials(desk) == before + (0 if allowed else 1), f"{name} denial not logged"
            checked += 1
    assert checked >= 12


def test_the_policy_matches_the_design_table() -> None:
    clerk = {p for p, roles in POLICY.items() if Role.CLERK in roles}
    admin = {p for p, roles in POLICY.items() if Role.ADMIN in roles}
    assert Permission.ADJUDICATE not in clerk and Permission.AUDIT_REVIEW not in clerk
    assert Permission.STAFF_ADMIN not in clerk
    assert not admin & {
        Permission.RESIDENT_SEARCH,
        Permission.RESIDENT_VIEW,
        Permission.MY_NUMBER_REVEAL,
        Permission.ENTRY_KEY,
        Permission.PRINT_ONE,
        Permission.STATISTICS,
        Permission.ADJUDICATE,
    }
    supervisor = {p for p, roles in POLICY.items() if Role.SUPERVISOR in roles}
    assert clerk <= supervisor and Permission.STAFF_ADMIN not in supervisor
