"""情報連携: the three pages load from the service in the background, filter and sort; an
answer is confirmed after a question or returned with a reason; the requester cannot confirm
their own; a refusal is said on the screen; only a supervisor has the screen and the lookup's
前住所地へ照会; the lookup history names a former city's result."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from app.services.lookup_dto import HistoryLine
from app.services.renkei_dto import (
    DecisionOutcome,
    ExchangeOutcome,
    ProvisionView,
    RenkeiAnswerView,
    RenkeiItemView,
    RenkeiRequestView,
)
from app.services.renkei_service import NOT_ONLINE
from tests.support import login
from ui import renkei_screen
from ui.background import wait_for_all
from ui.lookup_screen import LookupScreen
from ui.renkei_models import (
    ProvisionTableModel,
    RenkeiAnswerTableModel,
    RenkeiItemTableModel,
    RenkeiRequestTableModel,
)
from ui.renkei_request import RenkeiRequestDialog, RenkeiRequests, with_renkei
from ui.renkei_screen import RenkeiScreen
from ui.renkei_tabs import RejectDialog
from ui.resident_table_model import HistoryTableModel
from ui.screen import ScreenContext

AT = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def request_view(rid: str, name: str, status: str, label: str) -> RenkeiRequestView:
    return RenkeiRequestView(
        rid, f"res-{rid}", name, date(2026, 5, 1), "manual", "職員", status, label, "責任 正子",
        AT, AT, None, "",
    )  # fmt: skip


ITEM = RenkeiItemView(
    date(2025, 10, 1), "stomach_endo", "胃がん（内視鏡）", "異常認めず", False, ""
)


def answer_view(aid: str, name: str, *, mine: bool, status: str = "waiting") -> RenkeiAnswerView:
    return RenkeiAnswerView(
        aid, "req-1", f"res-{aid}", name, date(1970, 4, 2), "みなと市", AT, (ITEM,), status,
        {"waiting": "確認待ち", "confirmed": "取込済み", "rejected": "差戻し"}[status], mine, "",
        None, "",
    )  # fmt: skip


class FakeRenkei:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.refusal: KenshinError | None = None
        self.waiting = [
            answer_view("a1", "転入　花子", mine=False),
            answer_view("a2", "転入　次郎", mine=True),
        ]

    def _called(self, name: str, value: Any = None) -> None:
        self.calls.append((name, value))
        if self.refusal is not None:
            raise self.refusal

    def requests(self, session: StaffSession) -> list[RenkeiRequestView]:
        self._called("requests")
        return [
            request_view("r1", "転入　花子", "sent", "照会中"),
            request_view("r2", "転入　次郎", "answered", "回答あり"),
            request_view("r3", "転入　三郎", "withheld", "自動応答不可"),
        ]

    def answers(self, session: StaffSession) -> list[RenkeiAnswerView]:
        self._called("answers")
        return list(self.waiting)

    def provisions(self, session: StaffSession) -> list[ProvisionView]:
        self._called("provisions")
        return [
            ProvisionView(
                1,
                AT,
                "inquiry",
                "情報照会",
                "res-1",
                "みなと市",
                "責任 正子",
                "照会 1件",
                "転入 花子",
            )
        ]

    def exchange(self, session: StaffSession) -> ExchangeOutcome:
        self._called("exchange")
        return ExchangeOutcome(1, 2, 3, 0, 4, 0)

    def confirm_answer(self, session: StaffSession, *, answer_id: str) -> DecisionOutcome:
        self._called("confirm", answer_id)
        done = next(a for a in self.waiting if a.id == answer_id)
        self.waiting.remove(done)
        return DecisionOutcome(
            answer_view(answer_id, done.resident_name, mine=False, status="confirmed"), True, ""
        )

    def reject_answer(
        self, session: StaffSession, *, answer_id: str, reason: str
    ) -> DecisionOutcome:
        self._called("reject", (answer_id, reason))
        done = next(a for a in self.waiting if a.id == answer_id)
        self.waiting.remove(done)
        return DecisionOutcome(
            answer_view(answer_id, done.resident_name, mine=False, status="rejected"), False, ""
        )

    def request(self, session: StaffSession, *, resident_id: str, reason: str = "") -> Any:
        self._called("request", (resident_id, reason))
        return request_view("r9", "転入", "queued", "送信待ち")


@pytest.fixture
def fake() -> FakeRenkei:
    return FakeRenkei()


@pytest.fixture
def screen(desk: Desk, qtbot: QtBot, fake: FakeRenkei) -> RenkeiScreen:
    built = RenkeiScreen(fake, login(desk, "supervisor"))  # type: ignore[arg-type]
    qtbot.addWidget(built)
    built.refresh()
    qtbot.waitUntil(lambda: not built.busy(), timeout=5000)
    return built


def texts(model: Any, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def select(table: Any, row: int) -> None:
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.selectionModel().select(table.model().index(row, 0), flags)


def show_page(screen: RenkeiScreen, qtbot: QtBot, index: int) -> None:
    screen.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: not screen.busy(), timeout=5000)


def test_the_requests_load_in_the_background_and_filter_and_sort(
    screen: RenkeiScreen, fake: FakeRenkei
) -> None:
    assert fake.calls == [("requests", None)]
    page = screen.requests
    assert page.model.rowCount() == 3 and page.count_label.text() == "3件"
    assert texts(page.model, 0)[1:6] == [
        "転入　花子",
        "令和8年5月1日",
        "職員",
        "責任 正子",
        "照会中",
    ]
    page.filter_edit.setText("自動応答不可")
    assert page.proxy.rowCount() == 1 and "全3件" in page.count_label.text()
    page.filter_edit.clear()
    page.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    shown = [page.proxy.index(r, 5).data() for r in range(3)]
    assert shown == sorted(shown)
    assert screen.busy_label.text() == ""


def test_an_exchange_runs_now_and_shows_its_counts(
    screen: RenkeiScreen, fake: FakeRenkei, qtbot: QtBot
) -> None:
    screen.exchange_action.trigger()
    qtbot.waitUntil(lambda: ("exchange", None) in fake.calls and not screen.busy(), timeout=5000)
    qtbot.waitUntil(lambda: fake.calls.count(("requests", None)) == 2, timeout=5000)
    assert "送信 2件" in screen.exchange_label.text() and "受信 3件" in screen.exchange_label.text()
    assert "副本登録 4件" in screen.exchange_label.text()


def test_an_answer_is_confirmed_after_a_question_and_leaves_the_list(
    screen: RenkeiScreen, fake: FakeRenkei, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    show_page(screen, qtbot, 1)
    page = screen.answers
    assert page.list.model.rowCount() == 2
    assert not page.confirm_button.isEnabled() and not page.reject_button.isEnabled()
    select(page.list.table, 0)
    assert "転入　花子" in page.title_label.text() and "みなと市" in page.title_label.text()
    assert page.items_model.rowCount() == 1
    assert texts(page.items_model, 0)[1:3] == ["胃がん（内視鏡）", "異常認めず"]
    assert page.confirm_button.isEnabled() and screen.confirm_action.isEnabled()
    questions: list[str] = []
    monkeypatch.setattr(
        renkei_screen.widgets, "confirm", lambda _p, q: questions.append(q) or False
    )
    page.confirm_button.click()
    assert "1件を受診歴に取り込みます" in questions[0]
    assert not [c for c in fake.calls if c[0] == "confirm"]
    monkeypatch.setattr(renkei_screen.widgets, "confirm", lambda _p, _q: True)
    screen.confirm_action.trigger()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=5000)
    assert ("confirm", "a1") in fake.calls
    assert "受診歴に取り込みました" in page.result_label.text()


def test_the_requester_cannot_confirm_their_own_and_is_told_why(
    screen: RenkeiScreen, fake: FakeRenkei, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    show_page(screen, qtbot, 1)
    page = screen.answers
    select(page.list.table, 1)
    assert page.list.model.index(1, 5).data() == "自分"
    assert not page.confirm_button.isEnabled() and not screen.confirm_action.isEnabled()
    assert page.mine_label.isVisibleTo(screen) and "別の保護責任者" in page.mine_label.text()
    assert page.reject_button.isEnabled()
    monkeypatch.setattr(renkei_screen.widgets, "confirm", lambda _p, _q: True)
    screen._on_confirm()  # even if reached another way
    assert not [c for c in fake.calls if c[0] == "confirm"]


def test_returning_needs_a_reason_in_the_dialog(
    screen: RenkeiScreen, fake: FakeRenkei, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []
    dialog = RejectDialog(screen, fake.waiting[0], lambda reason: sent.append(reason))
    qtbot.addWidget(dialog)
    dialog.submit()
    assert sent == [] and dialog.error_label.text() == "差し戻す理由を入力してください。"
    dialog.reason_edit.setText("別人の結果")
    monkeypatch.setattr(dialog, "accept", lambda: None)
    dialog.submit()
    assert sent == ["別人の結果"]

    show_page(screen, qtbot, 1)
    select(screen.answers.list.table, 0)

    def ask(_parent: Any, answer: RenkeiAnswerView, reject: Any) -> DecisionOutcome:
        outcome: DecisionOutcome = reject("別人の結果")
        return outcome

    monkeypatch.setattr(RejectDialog, "ask", ask)
    screen.reject_action.trigger()
    assert ("reject", ("a1", "別人の結果")) in fake.calls
    qtbot.waitUntil(lambda: not screen.busy(), timeout=5000)
    assert "差し戻しました" in screen.answers.result_label.text()


def test_the_provision_record_has_its_page(
    screen: RenkeiScreen, fake: FakeRenkei, qtbot: QtBot
) -> None:
    show_page(screen, qtbot, 2)
    assert ("provisions", None) in fake.calls
    assert texts(screen.provisions.model, 0)[1:] == [
        "情報照会",
        "転入 花子",
        "みなと市",
        "責任 正子",
        "照会 1件",
    ]


def test_a_refusal_is_said_on_the_screen_not_in_a_box(
    screen: RenkeiScreen, fake: FakeRenkei, qtbot: QtBot
) -> None:
    fake.refusal = KenshinError(NOT_ONLINE)
    screen.refresh()
    qtbot.waitUntil(lambda: not screen.busy(), timeout=5000)
    assert screen.message_label.text() == NOT_ONLINE


def test_the_table_models_pass_the_model_tester(fake: FakeRenkei, qtmodeltester: Any) -> None:
    for model, rows in (
        (RenkeiRequestTableModel(), fake.requests(None)),  # type: ignore[arg-type]
        (RenkeiAnswerTableModel(), fake.waiting),
        (RenkeiItemTableModel(), [ITEM]),
        (ProvisionTableModel(), fake.provisions(None)),  # type: ignore[arg-type]
    ):
        model.set_rows(rows)
        qtmodeltester.check(model)


def test_the_lookup_history_names_a_former_citys_result() -> None:
    model = HistoryTableModel()
    model.set_rows(
        [
            HistoryLine("stomach_endo", "胃がん（内視鏡）", date(2025, 10, 1), 2025, "異常認めず",
                        False, "x1", False, "みなと市"),
            HistoryLine("lung", "肺がん", date(2025, 9, 1), 2025, "異常認めず", False, "x2", True),
        ]
    )  # fmt: skip
    assert model.headerData(5, Qt.Orientation.Horizontal) == "前住所地"
    assert model.index(0, 5).data() == "みなと市"
    assert model.index(1, 5).data() == ""


def moved_in_row(desk: Desk) -> int:
    with desk.engine.connect() as connection:
        rid = connection.exec_driver_sql(
            "SELECT id FROM residents WHERE moved_in IS NOT NULL LIMIT 1"
        ).scalar()
    return str(rid)  # type: ignore[return-value]


def lookup(desk: Desk, qtbot: QtBot, login_id: str, fake: FakeRenkei) -> LookupScreen:
    session = login(desk, login_id)
    context = ScreenContext(desk, session)
    object.__setattr__(desk, "renkei", fake)
    screen = with_renkei(LookupScreen(desk.lookup, session), context)
    qtbot.addWidget(screen)
    return screen


def test_only_a_supervisor_gets_the_lookups_request_action(
    desk: Desk, qtbot: QtBot, fake: FakeRenkei
) -> None:
    assert lookup(desk, qtbot, "clerk1", fake).findChildren(RenkeiRequests) == []
    screen = lookup(desk, qtbot, "supervisor", fake)
    [requests] = screen.findChildren(RenkeiRequests)
    assert not requests.action.isEnabled()
    detail = desk.lookup.open_resident(login(desk, "supervisor"), resident_id=moved_in_row(desk))
    assert detail.moved_in is not None
    screen.detail.show_detail(detail)
    assert requests.action.isEnabled() and "転入日" in requests.label.text()
    screen.detail.show_detail(type(detail)(**{**detail.__dict__, "moved_in": None}))
    assert not requests.action.isEnabled() and "転入日の記録がない" in requests.label.text()


def test_a_request_from_the_lookup_shows_the_servers_refusal_as_is(
    desk: Desk, qtbot: QtBot, fake: FakeRenkei, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = lookup(desk, qtbot, "supervisor", fake)
    detail = desk.lookup.open_resident(login(desk, "supervisor"), resident_id=moved_in_row(desk))
    screen.detail.show_detail(detail)
    sent: list[str] = []
    dialog = RenkeiRequestDialog(screen, detail, lambda reason: sent.append(reason) or "made")
    qtbot.addWidget(dialog)
    refusal = "照会中の依頼があるため、新たに照会できません。"

    def refuse(_reason: str) -> None:
        raise KenshinError(refusal)

    dialog._request = refuse
    dialog.submit()
    assert dialog.error_label.text() == refusal
    [requests] = screen.findChildren(RenkeiRequests)
    monkeypatch.setattr(RenkeiRequestDialog, "ask", lambda _p, _d, request: request("窓口で希望"))
    requests.action.trigger()
    assert ("request", (detail.row.id, "窓口で希望")) in fake.calls
    assert "照会を依頼しました" in requests.label.text()


def test_a_list_asked_for_again_shows_the_newer_answer_not_the_load_under_way(
    screen: RenkeiScreen, fake: FakeRenkei, qtbot: QtBot
) -> None:
    """An exchange ends while the list's first load is still on its way: the list shown is
    the one read after the exchange, not the older one."""
    gate = threading.Event()
    entered = threading.Event()
    answers = iter([["old"], ["new"]])

    def requests(_session: StaffSession) -> list[str]:
        rows = next(answers)
        if rows == ["old"]:
            entered.set()
            gate.wait(5)
        return rows

    fake.requests = requests  # type: ignore[method-assign,assignment]
    shown: list[object] = []
    screen.requests.set_rows = shown.append  # type: ignore[method-assign,assignment]
    screen.load("requests")
    assert entered.wait(5)  # the first load is under way (and holds "old") before the second
    screen.load("requests")
    qtbot.waitUntil(lambda: shown == [["new"]], timeout=5000)
    gate.set()
    wait_for_all()
    qtbot.wait(50)
    assert shown == [["new"]] and not screen.busy()
