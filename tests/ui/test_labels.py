"""Every audit code the app can write has a Japanese label on the audit screen."""

from __future__ import annotations

import re
from pathlib import Path

from app.services.printing_service import DOCUMENT_KINDS
from ui.labels import ACTIONS, RECORD_KINDS

APP = Path(__file__).resolve().parents[2] / "app"


def written(pattern: str) -> set[str]:
    """Codes written anywhere in app/: the services, and the sync engine that audits too."""
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        found |= set(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_every_plain_action_code_has_a_label() -> None:
    assert written(r'action="([a-z_]+)"') - set(ACTIONS) == set()
    for kind in ("change", "delete"):
        assert f"correction_request_{kind}" in ACTIONS
    for status in ("approved", "rejected"):
        assert f"correction_{status}" in ACTIONS


def test_every_record_kind_has_a_label() -> None:
    kinds = written(r'record_kind="([a-z_]+)"') | set(DOCUMENT_KINDS)
    assert kinds - set(RECORD_KINDS) == set()


def test_the_sync_codes_have_labels() -> None:
    codes = {
        "enroll",
        "sync_problem_retry",
        "sync_problem_discard",
        "audit_rollback_detected",
        "sync_session_revoked",
        "device_revoked",
        "login_offline",
    }
    assert codes <= set(ACTIONS)
