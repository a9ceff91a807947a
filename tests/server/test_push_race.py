"""On PostgreSQL, pushes of different desks run side by side until their change rows; one
that raced another for a natural key is run again under the change-log lock, as one."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from app.sync import wire
from server import routes_push
from server.models import ChangeLog, Conflict, Record
from server.push import Pusher
from tests.server.conftest import Server
from tests.server.test_push import batch, form, push, statuses


def test_a_push_racing_another_for_a_natural_key_is_a_conflict_not_an_error(
    server: Server,
) -> None:
    if server.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer: two pushes cannot overlap there")
    desk_a, desk_b = server.enroll("a"), server.enroll("b")
    staff_b = server.login(desk_b)
    b = batch()
    assert statuses(push(server, staff_b, b)) == ["applied"]
    theirs, mine = form(b["id"], 7), form(b["id"], 7)  # the same form keyed at two desks
    # Desk A's push is in flight: its record written, its transaction not yet committed.
    session = server.context.sessions()
    pusher = Pusher(session, desk_a["device_id"], None, "staff-a", server.clock.now())
    record = wire.PushRecord.model_validate(theirs)
    pusher.prepare([record])
    assert pusher.apply(record).status == "applied"
    pusher.finish()
    answers: list[Any] = []
    client = TestClient(server.app)
    body = {"records": [mine], "audit": []}
    headers = {k: v for k, v in staff_b.items() if k != "device_id"}
    racer = threading.Thread(
        target=lambda: answers.append(
            client.post(wire.API + "/sync/push", headers=headers, json=body)
        )
    )
    racer.start()
    try:
        racer.join(0.5)
        assert racer.is_alive()  # waiting on A's uncommitted key, not refused
        session.commit()
        racer.join(30)
    finally:
        session.close()
        client.close()
    assert answers and answers[0].status_code == 200, answers and answers[0].text
    result = wire.PushResponse.model_validate_json(answers[0].content).results[0]
    assert result.status == "conflict"
    with server.engine.connect() as connection:
        kept = connection.scalars(select(Record.id).where(Record.kind == "paper_form")).all()
        logged = connection.scalars(select(ChangeLog.record_id)).all()
        queued = connection.scalars(select(Conflict.record_id)).all()
    assert kept == [theirs["id"]]
    assert mine["id"] not in logged and theirs["id"] in logged
    assert queued == [mine["id"]]


class _Deadlock(Exception):
    sqlstate = "40P01"


class _PostgresSession:
    """Just what _apply asks of a session: its dialect, and rollbacks counted."""

    def __init__(self) -> None:
        self.rollbacks = 0

    def get_bind(self) -> Any:
        return SimpleNamespace(dialect=SimpleNamespace(name="postgresql"))

    def rollback(self) -> None:
        self.rollbacks += 1


def test_a_push_that_keeps_meeting_deadlocks_is_rerun_under_the_lock_then_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs: list[bool] = []

    def deadlocked(*args: Any, lock_first: bool = False) -> Any:
        runs.append(lock_first)
        raise DBAPIError("SELECT", {}, _Deadlock())

    monkeypatch.setattr(routes_push, "_apply_once", deadlocked)
    session = _PostgresSession()
    body = wire.PushRequest(records=[], audit=[])
    with pytest.raises(DBAPIError):
        routes_push._apply(None, session, None, body)  # type: ignore[arg-type]
    assert runs == [False, True, True]
    assert session.rollbacks == 2
