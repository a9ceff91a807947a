"""Audit review on a real store: filters, flags, the checkpoint comparison and the reviewed mark."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from app.services.errors import PermissionDenied
from app.sync.transport import ServerUnreachable
from app.sync.wire import AuditCheckpoint
from tests.support import SettableClock, login

TODAY = date(2026, 11, 26)  # SettableClock's 01:00 UTC is 10:00 JST on a Thursday


def first_resident(desk: Desk) -> str:
    with desk.engine.connect() as connection:
        return str(connection.execute(text("SELECT id FROM residents LIMIT 1")).scalar())


def audit_rows(desk: Desk, action: str) -> list[tuple[str, str, str]]:
    query = "SELECT record_kind, record_id, detail FROM audit_events WHERE action = :a"
    with desk.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query), {"a": action})]


@pytest.fixture
def supervisor(desk: Desk) -> StaffSession:
    return login(desk, "supervisor")


class FakeServer:
    def __init__(self, checkpoint: AuditCheckpoint | None = None) -> None:
        self.checkpoint = checkpoint

    def audit_checkpoint(self) -> AuditCheckpoint:
        if self.checkpoint is None:
            raise ServerUnreachable()
        return self.checkpoint


def test_each_filter_narrows_the_events(desk: Desk, supervisor: StaffSession) -> None:
    clerk = login(desk, "clerk1")
    resident_id = first_resident(desk)
    desk.lookup.open_resident(clerk, resident_id=resident_id)
    everything = desk.audit.search(supervisor)
    by_staff = desk.audit.search(supervisor, staff_id=clerk.staff_id)
    assert 0 < len(by_staff) < len(everything)
    assert {e.staff_login for e in by_staff} == {"clerk1"}
    assert [e.action for e in desk.audit.search(supervisor, record_id=resident_id)] == ["view"]
    assert {e.action for e in desk.audit.search(supervisor, action="login")} == {"login"}
    assert desk.audit.search(supervisor, workstation="desk-1")
    assert desk.audit.search(supervisor, workstation="another-desk") == []
    assert desk.audit.search(supervisor, period_from=TODAY, period_to=TODAY)
    assert desk.audit.search(supervisor, period_to=TODAY - timedelta(days=1)) == []
    assert desk.audit.search(supervisor, period_from=TODAY + timedelta(days=1)) == []
    newest_first = [e.seq for e in desk.audit.search(supervisor, limit=3)]
    assert newest_first == sorted(newest_first, reverse=True) and len(newest_first) == 3


@pytest.mark.parametrize(
    "filters",
    [
        {"record_id": "x" * 10_000},
        {"workstation": "desk\x00-1"},
        {"action": "log\nin"},
        {"period_from": TODAY, "period_to": TODAY - timedelta(days=1)},
    ],
)
def test_bad_filters_are_refused_in_japanese(
    desk: Desk, supervisor: StaffSession, filters: dict[str, object]
) -> None:
    with pytest.raises(KenshinError) as refused:
        desk.audit.search(supervisor, **filters)  # type: ignore[arg-type]
    assert any("\u3040" <= ch <= "\u30ff" for ch in refused.value.message)


def test_many_resident_views_in_an_hour_are_flagged(desk: Desk, supervisor: StaffSession) -> None:
    clerk = login(desk, "clerk2")
    resident_id = first_resident(desk)
    for _ in range(29):
        desk.lookup.open_resident(clerk, resident_id=resident_id)
    assert desk.audit.flags(supervisor, period_from=TODAY, period_to=TODAY) == []
    desk.lookup.open_resident(clerk, resident_id=resident_id)
    (flag,) = desk.audit.flags(supervisor, period_from=TODAY, period_to=TODAY)
    assert (flag.kind, flag.staff_login, flag.count) == ("many_views", "clerk2", 30)
    assert "住民記録を30件閲覧" in flag.description
    yesterday = TODAY - timedelta(days=1)
    assert desk.audit.flags(supervisor, period_from=yesterday, period_to=yesterday) == []


def test_repeated_login_failures_are_flagged(desk: Desk, supervisor: StaffSession) -> None:
    for _ in range(5):
        with pytest.raises(KenshinError):
            desk.auth.login("nobody-such", "wrong-password-123")
    flags = desk.audit.flags(supervisor, period_from=TODAY, period_to=TODAY)
    assert [(f.kind, f.staff_login, f.count) for f in flags] == [("failures", None, 5)]
    assert flags[0].subject.startswith("login_name:")


def test_a_review_mark_is_stored_audited_and_listed(desk: Desk, supervisor: StaffSession) -> None:
    before = desk.audit.search(supervisor, period_from=TODAY, period_to=TODAY, limit=5000)
    review_id = desk.audit.mark_reviewed(
        supervisor, period_from=TODAY, period_to=TODAY, comment="異常なし。要確認はなし。"
    )
    (review,) = desk.audit.reviews(supervisor)
    assert review.id == review_id and review.reviewed_by == "supervisor"
    assert (review.period_from, review.period_to) == (TODAY, TODAY)
    assert review.events_count == len(before) + 1  # the search itself was audited
    assert review.chain_ok and review.comment == "異常なし。要確認はなし。"
    ((kind, record_id, detail),) = audit_rows(desk, "audit_reviewed")
    assert (kind, record_id) == ("audit_review", review_id)
    assert "異常なし" not in detail and "chain=ok" in detail
    assert desk.audit.verify(supervisor).ok


@pytest.mark.parametrize(
    ("comment", "period"),
    [
        ("", (TODAY, TODAY)),
        ("   ", (TODAY, TODAY)),
        ("あ" * 401, (TODAY, TODAY)),
        ("確認\x07済み", (TODAY, TODAY)),
        ("確認済み", (TODAY, TODAY - timedelta(days=1))),
        ("確認済み", (date(2026, 1, 1), date(2026, 1, 31))),  # no events: an empty period
        ("確認済み", (TODAY + timedelta(days=1), TODAY + timedelta(days=2))),
    ],
)
def test_a_bad_review_mark_is_refused_and_nothing_changes(
    desk: Desk, supervisor: StaffSession, comment: str, period: tuple[date, date]
) -> None:
    with pytest.raises(KenshinError):
        desk.audit.mark_reviewed(
            supervisor, period_from=period[0], period_to=period[1], comment=comment
        )
    assert desk.audit.reviews(supervisor) == []
    assert audit_rows(desk, "audit_reviewed") == []


def test_a_comment_of_exactly_400_characters_is_accepted(
    desk: Desk, supervisor: StaffSession
) -> None:
    desk.audit.mark_reviewed(supervisor, period_from=TODAY, period_to=TODAY, comment="確" * 400)
    assert len(desk.audit.reviews(supervisor)[0].comment) == 400


@pytest.mark.parametrize("login_id", ["clerk1", "admin"])
def test_clerks_and_admins_are_refused_every_review_call(desk: Desk, login_id: str) -> None:
    session = login(desk, login_id)
    calls = [
        lambda: desk.audit.search(session),
        lambda: desk.audit.flags(session, period_from=TODAY, period_to=TODAY),
        lambda: desk.audit.mark_reviewed(
            session, period_from=TODAY, period_to=TODAY, comment="確認"
        ),
        lambda: desk.audit.reviews(session),
        lambda: desk.audit.staff_options(session),
        lambda: desk.audit.verify(session),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert len(audit_rows(desk, "permission_denied")) == len(calls)


def test_a_standalone_desk_says_the_server_was_not_compared(
    desk: Desk, supervisor: StaffSession
) -> None:
    result = desk.audit.verify(supervisor)
    assert result.ok and result.server == "not_enrolled"
    assert "登録されていない" in result.server_message


def test_an_unreachable_server_still_shows_the_local_verdict(
    desk: Desk, supervisor: StaffSession
) -> None:
    desk.audit._client_factory = lambda: FakeServer(None)  # type: ignore[assignment,return-value]
    result = desk.audit.verify(supervisor)
    assert result.local.ok and result.server == "unreachable"
    assert "接続できない" in result.server_message


def test_a_checkpoint_on_the_local_chain_matches(
    desk: Desk, supervisor: StaffSession, clock: SettableClock
) -> None:
    with desk.engine.connect() as connection:
        digest = connection.execute(text("SELECT hash FROM audit_events WHERE seq = 1")).scalar()
    desk.audit._client_factory = lambda: FakeServer(AuditCheckpoint(seq=1, hash=str(digest)))  # type: ignore[assignment,return-value]
    result = desk.audit.verify(supervisor)
    assert result.ok and result.server == "matched" and result.server_seq == 1
    desk.audit._client_factory = lambda: FakeServer(AuditCheckpoint(seq=0, hash=""))  # type: ignore[assignment,return-value]
    assert desk.audit.verify(supervisor).server == "no_checkpoint"


def test_a_checkpoint_missing_from_the_local_chain_is_reported_as_tampering(
    desk: Desk, supervisor: StaffSession
) -> None:
    desk.audit._client_factory = lambda: FakeServer(AuditCheckpoint(seq=999, hash="f" * 64))  # type: ignore[assignment,return-value]
    result = desk.audit.verify(supervisor)
    assert result.local.ok and not result.ok and result.server == "mismatch"
    assert "改ざん・巻き戻しの疑い" in result.server_message
    ((_, _, detail),) = audit_rows(desk, "audit_verify")
    assert "server=mismatch" in detail
