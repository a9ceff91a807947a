"""Workstation settings and their defaults (the server will own them; see SYNC.md)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class DeskSettings:
    """Security and workflow settings, with the defaults of DESIGN.md and the issues."""

    lockout_threshold: int = 5
    lockout_minutes: int = 15
    idle_lock_minutes: int = 5
    offline_grant_days: int = 7
    batch_overdue_days: int = 30
    reminder_months: int = 6
    invitation_absent_years: int = 2
    renkei_auto_request_days: int = 30  # 情報照会 queued this many days after a move-in
    renkei_answer_retention_days: int = 365  # 照会結果 deleted this long after arriving
    office_name: str = "さくら市保健センター 健診係"
    office_address: str = "静岡県さくら市中央区本町1丁目1番1号"
    office_phone: str = "054-000-0000"
    office_hours: str = "平日 8時30分〜17時15分"
    file_printer_names: tuple[str, ...] = (
        "Microsoft Print to PDF",
        "Microsoft XPS Document Writer",
        "CUPS-PDF",
        "PDF",
        "OneNote",
        "Fax",
    )

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> DeskSettings:
        known = {f.name: f for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for name, value in values.items():
            if name in known:
                kwargs[name] = tuple(value) if isinstance(value, list) else value
        return cls(**kwargs)
