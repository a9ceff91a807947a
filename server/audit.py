"""The server's own audit trail: logins, administration, ingest. Ids and codes only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from server.models import ServerAudit, utcnow


def record(
    session: Session,
    action: str,
    outcome: str = "ok",
    *,
    staff_id: str | None = None,
    device_id: str | None = None,
    target_kind: str | None = None,
    target_id: str | None = None,
    detail: str = "",
    now: datetime | None = None,
) -> None:
    """Add one event to the session; `detail` holds counts and codes, never personal values."""
    session.add(
        ServerAudit(
            at=now or utcnow(),
            action=action,
            outcome=outcome,
            staff_id=staff_id,
            device_id=device_id,
            target_kind=target_kind,
            target_id=target_id,
            detail=detail[:200],
        )
    )
