"""Every audit code the services can write has a Japanese label on the audit screen."""

from __future__ import annotations

import re
from pathlib import Path

from app.services.printing_service import DOCUMENT_KINDS
from ui.labels import ACTIONS, RECORD_KINDS

SERVICES = Path(__file__).resolve().parents[2] / "app" / "services"


def written(pattern: str) -> set[str]:
    found: set[str] = set()
    for path in SERVICES.glob("*.py"):
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
