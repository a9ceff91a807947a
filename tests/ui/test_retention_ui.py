"""保存期間の管理: counts per program and year, names only on request, approval after a
confirmation; the service refuses a clerk and a desk without an online session."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from app.services.errors import PermissionDenied
from app.services.retention_service import (
    NOT_ONLINE,
    RetentionGroupView,
    RetentionNameView,
    RetentionOutcome,
    RetentionOverview,
)
from tests.support import PASSWORDS
from ui import retention_screen
from ui.retention_screen import RetentionScreen

GROUP = RetentionGroupView("lung", "肺がん", 2019, 2, 5, date(2025, 4, 1))


class FakeRetention:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.groups: tuple[RetentionGroupView, ...] = (GROUP,)

    def candidates(self, session: StaffSession) -> RetentionOverview:
        self.calls.append(("candidates", None))
        return RetentionOverview(date(2026, 11, 26), self.groups)

    def names(self, session: StaffSession, *, program_code: str, fiscal_year: int) -> Any:
        self.calls.append(("names", (program_code, fiscal_year)))
        return [RetentionNameView("r1", "p1", "山田　花子", "2019-10-01")]

    def approve(self, session: StaffSession, **kwargs: Any) -> RetentionOutcome:
        self.calls.append(("approve", kwargs))
        self.groups = ()
        return RetentionOutcome("lung", 2019, 2, 1, 1, True, "")


@pytest.fixture
def screen(desk: Desk, qtbot: Any) -> tuple[RetentionScreen, FakeRetention]:
    fake = FakeRetention()
    session = desk.auth.login("supervisor", PASSWORDS["supervisor"])
    built = RetentionScreen(fake, session)  # type: ignore[arg-type]
    qtbot.addWidget(built)
    built.refresh()
    return built, fake


def select_first(screen: RetentionScreen) -> None:
    index = screen.model.index(0, 0)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    screen.table.selectionModel().select(index, flags)


def test_counts_are_shown_and_names_only_on_request(screen: Any) -> None:
    view, fake = screen
    assert view.model.rowCount() == 1
    assert [view.model.index(0, c).data() for c in range(5)] == [
        "肺がん", "2019年度", "2", "5年", "2025-04-01"
    ]  # fmt: skip
    assert "2件" in view.summary_label.text()
    assert not view.names_button.isEnabled() and not view.approve_button.isEnabled()
    assert view.names_model.rowCount() == 0
    select_first(view)
    assert view.names_button.isEnabled() and view.approve_button.isEnabled()
    view.names_button.click()
    assert ("names", ("lung", 2019)) in fake.calls
    assert view.names_model.rowCount() == 1
    assert view.names_model.index(0, 0).data() == "山田　花子"
    assert "閲覧は記録されます" in view.names_label.text()


def test_approval_asks_first_and_reports_what_went(
    screen: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    view, fake = screen
    select_first(view)
    questions: list[str] = []
    monkeypatch.setattr(
        retention_screen.widgets, "confirm", lambda _p, q: questions.append(q) or False
    )
    view.approve_button.click()
    assert not [c for c in fake.calls if c[0] == "approve"]
    assert "2件" in questions[0] and "元に戻せません" in questions[0]
    monkeypatch.setattr(retention_screen.widgets, "confirm", lambda _p, _q: True)
    view.approve_button.click()
    approvals = [c[1] for c in fake.calls if c[0] == "approve"]
    assert approvals == [{"program_code": "lung", "fiscal_year": 2019, "expected_count": 2}]
    assert "検診結果 2件" in view.result_label.text()
    assert "個人番号 1名分" in view.result_label.text()
    assert view.model.rowCount() == 0
    assert view.summary_label.text() == retention_screen.EMPTY_TEXT


def test_the_service_needs_a_supervisor_online(desk: Desk) -> None:
    service = desk.retention
    clerk = desk.auth.login("clerk1", PASSWORDS["clerk1"])
    with pytest.raises(PermissionDenied):
        service.candidates(clerk)
    supervisor = desk.auth.login("supervisor", PASSWORDS["supervisor"])
    with pytest.raises(KenshinError) as refused:
        service.approve(supervisor, program_code="lung", fiscal_year=2019, expected_count=1)
    assert refused.value.message == NOT_ONLINE
