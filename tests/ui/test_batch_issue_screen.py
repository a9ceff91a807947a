"""一括発行: plan in the background, print chunk by chunk, stop, and resume the unprinted chunk."""

from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain.calendar import fiscal_year_of
from app.domain.errors import KenshinError
from app.domain.programs import DEFAULT_PROGRAMS
from app.domain.wareki import format_fiscal_year
from app.services.lookup_dto import ResidentRow
from tests.ui.conftest import PASSWORDS, nav_titles
from ui import printing
from ui.batch_issue_screen import (
    ALL_PRINTED_TEXT,
    CANCELLED_TEXT,
    NOT_PRINTED_TEXT,
    PRINTED_TEXT,
    STOPPED_TEXT,
    SUPPORT_NOTE,
    BatchIssueScreen,
    BatchRunTableModel,
    summary_text,
)
from ui.main_window import MainWindow

TODAY = date.today()
THIS_YEAR = fiscal_year_of(TODAY)


@dataclass(frozen=True)
class Run:
    id: str
    program_code: str
    program_name: str
    fiscal_year: int
    total: int
    printed: int
    issued_unprinted: int
    support_excluded: int
    already_issued: int
    status: str


@dataclass(frozen=True)
class Chunk:
    run_id: str
    item_ids: tuple[str, ...]
    voucher_ids: tuple[str, ...]
    pdf: bytes
    pages: int
    first: int
    last: int


class FakeIssuance:
    """The batch part of the issuance service: postal order is the order of `item_ids`."""

    def __init__(self, total: int = 5, *, slow_plan: bool = False) -> None:
        self.total, self.slow_plan = total, slow_plan
        self.run: Run | None = None
        self.pending: Chunk | None = None
        self.issued: list[Chunk] = []
        self.confirmed: list[tuple[str, ...]] = []
        self.saw_cancel = threading.Event()

    def plan_batch(self, session, *, program_code, fiscal_year, progress=None, cancelled=None):
        assert progress is not None and cancelled is not None
        progress(1, 50)
        if self.slow_plan:
            deadline = time.monotonic() + 10
            while not cancelled():
                if time.monotonic() > deadline:
                    raise AssertionError("the screen never cancelled")
                time.sleep(0.005)
            self.saw_cancel.set()
            raise KenshinError("中止されました")
        name = DEFAULT_PROGRAMS[program_code].name_ja
        self.run = Run("run1", program_code, name, fiscal_year, self.total, 0, 0, 1, 2, "open")
        return self.run

    def runs(self, session) -> list[Run]:
        return [self.run] if self.run else []

    def next_chunk(self, session, *, run_id, size=200) -> Chunk | None:
        assert self.run is not None and run_id == self.run.id
        if self.pending is not None:
            return self.pending
        first = self.run.printed + 1
        last = min(self.run.printed + size, self.total)
        if first > last:
            return None
        items = tuple(f"item{n}" for n in range(first, last + 1))
        chunk = Chunk(
            run_id, items, tuple(f"v{n}" for n in range(first, last + 1)), b"%PDF", 2, first, last
        )
        self.pending = chunk
        self.issued.append(chunk)
        return chunk

    def confirm_printed(self, session, *, run_id, item_ids) -> None:
        assert self.run is not None and self.pending is not None
        assert tuple(item_ids) == self.pending.item_ids
        self.confirmed.append(tuple(item_ids))
        done = self.pending.last
        status = "done" if done == self.total else "open"
        self.run = dataclasses.replace(self.run, printed=done, status=status)
        self.pending = None

    def support_list(self, session, *, run_id) -> list[ResidentRow]:
        return [
            ResidentRow(
                "r9", "0009", "支援 花子", "シエン ハナコ", "F", date(1970, 1, 1), "", "", True
            )
        ]


class Printer:
    """Stands in for ui.printing: the preview and print_pdf, each answering as told."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, real_preview: bool = False) -> None:
        self.previews: list[str] = []
        self.jobs: list[dict[str, Any]] = []
        self.preview_answer = True
        self.print_answers: list[str | None] = []
        self.choices = 0
        if not real_preview:
            monkeypatch.setattr(printing.PreviewDialog, "ask", self.ask)
        monkeypatch.setattr(printing, "print_pdf", self.print_pdf)
        monkeypatch.setattr(printing, "choose_printer", self.choose)

    def choose(self, parent) -> object:
        self.choices += 1
        return object()  # a printer the fake print_pdf never touches

    def ask(self, parent, pdf, title) -> bool:
        self.previews.append(title)
        return self.preview_answer

    def print_pdf(
        self, parent, printing_service, session, pdf, *, document_kind, record_ids, printer=None
    ):
        self.jobs.append({"kind": document_kind, "ids": record_ids})
        return self.print_answers.pop(0) if self.print_answers else "送りました"


def make_screen(desk: Desk, qtbot: QtBot, service: Any, chunk_size: int = 3) -> BatchIssueScreen:
    session = desk.auth.login("supervisor", PASSWORDS["supervisor"])
    screen = BatchIssueScreen(service, desk.printing, session, today=TODAY, chunk_size=chunk_size)
    qtbot.addWidget(screen)
    screen.refresh()
    return screen


def wait_idle(qtbot: QtBot, screen: BatchIssueScreen) -> None:
    qtbot.waitUntil(lambda: not screen.busy, timeout=10_000)


def plan(qtbot: QtBot, screen: BatchIssueScreen) -> None:
    screen.plan_action.trigger()
    assert screen.busy
    wait_idle(qtbot, screen)


def test_the_criteria_offer_every_program_and_this_and_next_fiscal_year(desk: Desk, qtbot):
    screen = make_screen(desk, qtbot, FakeIssuance())
    codes = [screen.program_combo.itemData(i) for i in range(screen.program_combo.count())]
    assert codes == list(DEFAULT_PROGRAMS)
    years = [screen.year_combo.itemData(i) for i in range(screen.year_combo.count())]
    assert years == [THIS_YEAR, THIS_YEAR + 1]
    assert screen.year_combo.itemText(0) == format_fiscal_year(THIS_YEAR)
    assert not screen.print_action.isEnabled() and not screen.support_action.isEnabled()
    assert screen.progress_bar.isHidden() and screen.cancel_button.isHidden()


def test_planning_shows_the_summary_and_selects_the_open_run(desk: Desk, qtbot, qtmodeltester):
    service = FakeIssuance(total=1234)
    screen = make_screen(desk, qtbot, service)
    plan(qtbot, screen)
    assert screen.summary_label.text() == "対象 1,234人（発行済み 2人・支援措置 1人を除く）"
    assert screen.summary_label.text() == summary_text(service.run)
    assert screen.selected_run() == service.run
    assert screen.print_action.isEnabled() and screen.plan_action.isEnabled()
    texts = [screen.model.data(screen.model.index(0, c)) for c in range(5)]
    assert texts == [
        service.run.program_name,
        format_fiscal_year(THIS_YEAR),
        "1,234",
        "0",
        "未完了",
    ]
    qtmodeltester.check(screen.model)
    assert screen.error_label.text() == "" and screen.progress_bar.isHidden()


def test_printing_two_chunks_previews_once_prints_twice_and_confirms_twice(
    desk: Desk, qtbot, monkeypatch
):
    service = FakeIssuance(total=5)
    screen = make_screen(desk, qtbot, service)
    plan(qtbot, screen)
    printer = Printer(monkeypatch)
    screen.print_action.trigger()
    wait_idle(qtbot, screen)
    assert len(printer.previews) == 1
    assert printer.choices == 1  # the printer is chosen once for the whole run
    assert printer.jobs == [
        {"kind": "voucher_postcard", "ids": ["v1", "v2", "v3"]},
        {"kind": "voucher_postcard", "ids": ["v4", "v5"]},
    ]
    assert service.confirmed == [("item1", "item2", "item3"), ("item4", "item5")]
    assert screen.status_label.text() == ALL_PRINTED_TEXT
    assert screen.selected_run().status == "done" and not screen.print_action.isEnabled()
    assert screen.model.data(screen.model.index(0, 4)) == "完了"


def test_a_cancelled_print_is_not_confirmed_and_resume_prints_the_same_chunk(
    desk: Desk, qtbot, monkeypatch
):
    service = FakeIssuance(total=5)
    screen = make_screen(desk, qtbot, service)
    plan(qtbot, screen)
    printer = Printer(monkeypatch)
    printer.print_answers = ["送りました", None]  # the second chunk's print dialog is cancelled
    screen.print_action.trigger()
    wait_idle(qtbot, screen)
    assert service.confirmed == [("item1", "item2", "item3")]
    assert screen.status_label.text() == NOT_PRINTED_TEXT
    assert screen.selected_run().printed == 3 and screen.print_action.isEnabled()

    screen.print_action.trigger()  # 再開
    wait_idle(qtbot, screen)
    assert [job["ids"] for job in printer.jobs] == [["v1", "v2", "v3"], ["v4", "v5"], ["v4", "v5"]]
    assert len(service.issued) == 2  # the same vouchers, not new ones
    assert service.confirmed[-1] == ("item4", "item5")
    assert len(printer.previews) == 2  # the first chunk of each start is previewed
    assert screen.status_label.text() == ALL_PRINTED_TEXT


def test_closing_the_preview_prints_nothing(desk: Desk, qtbot, monkeypatch):
    service = FakeIssuance(total=5)
    screen = make_screen(desk, qtbot, service)
    plan(qtbot, screen)
    printer = Printer(monkeypatch)
    printer.preview_answer = False
    screen.print_action.trigger()
    wait_idle(qtbot, screen)
    assert printer.jobs == [] and service.confirmed == []
    assert screen.status_label.text() == NOT_PRINTED_TEXT


def test_stop_during_printing_stops_after_the_current_chunk(desk: Desk, qtbot, monkeypatch):
    service = FakeIssuance(total=10)
    screen = make_screen(desk, qtbot, service)
    plan(qtbot, screen)
    printer = Printer(monkeypatch)
    real_print = printer.print_pdf

    def print_then_stop(*args: Any, **kwargs: Any) -> str | None:
        screen.cancel_action.trigger()  # pressed while the printer takes the first chunk
        return real_print(*args, **kwargs)

    monkeypatch.setattr(printing, "print_pdf", print_then_stop)
    screen.print_action.trigger()
    wait_idle(qtbot, screen)
    assert service.confirmed == [("item1", "item2", "item3")]
    assert len(printer.jobs) == 1
    expected = PRINTED_TEXT.format(done=3, total=10)
    assert screen.status_label.text() == f"{expected}。{STOPPED_TEXT}"
    assert screen.print_action.isEnabled() and screen.progress_bar.isHidden()


def test_stop_during_planning_stops_at_once(desk: Desk, qtbot):
    service = FakeIssuance(slow_plan=True)
    screen = make_screen(desk, qtbot, service)
    screen.plan_action.trigger()
    task = screen.task
    assert task is not None and screen.cancel_action.isEnabled()
    assert not screen.plan_action.isEnabled() and not screen.progress_bar.isHidden()
    qtbot.waitUntil(lambda: screen.progress_bar.value() == 1, timeout=5000)
    with qtbot.waitSignal(task.finished, timeout=5000):
        screen.cancel_action.trigger()
    assert service.saw_cancel.is_set()
    assert screen.status_label.text() == CANCELLED_TEXT and screen.error_label.text() == ""
    assert screen.model.rowCount() == 0 and screen.plan_action.isEnabled()


def test_the_support_list_is_shown_on_request_only(desk: Desk, qtbot):
    screen = make_screen(desk, qtbot, FakeIssuance())
    plan(qtbot, screen)
    assert screen.support_table.isHidden() and screen.support_note.isHidden()
    screen.support_action.trigger()
    assert not screen.support_table.isHidden()
    assert screen.support_note.text() == SUPPORT_NOTE
    assert screen.support_model.data(screen.support_model.index(0, 0)) == "支援 花子"
    screen.refresh()  # a new look at the runs hides the names again
    assert screen.support_table.isHidden() and screen.support_model.rowCount() == 0


def test_a_refused_plan_is_shown_in_red(desk: Desk, qtbot, monkeypatch):
    service = FakeIssuance()

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise KenshinError("この検診の一括発行は締め切りました")

    monkeypatch.setattr(service, "plan_batch", refuse)
    screen = make_screen(desk, qtbot, service)
    plan(qtbot, screen)
    assert screen.error_label.text() == "この検診の一括発行は締め切りました"
    assert not screen.error_label.isHidden() and screen.plan_action.isEnabled()


def test_the_runs_model_passes_the_model_tester(qtmodeltester):
    runs = [
        Run("a", "colorectal", "大腸がん", 2025, 1200, 400, 0, 3, 10, "open"),
        Run("b", "lung", "肺がん", 2024, 50, 50, 0, 0, 0, "done"),
    ]
    model = BatchRunTableModel(runs)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 3)) == "400" and model.data(model.index(1, 4)) == "完了"


@pytest.mark.parametrize(("login_id", "expected"), [("supervisor", True), ("clerk1", False)])
def test_only_the_supervisor_has_batch_issuance(desk: Desk, qtbot, login_id, expected):
    window = MainWindow(desk, desk.auth.login(login_id, PASSWORDS[login_id]))
    qtbot.addWidget(window)
    titles = nav_titles(window)
    assert ("一括発行" in titles) is expected
    if expected:
        assert titles.index("一括発行") == titles.index("対象者抽出") + 1


def test_the_screen_is_keyboard_operable(desk: Desk, qtbot, monkeypatch):
    service = FakeIssuance(total=2)
    screen = make_screen(desk, qtbot, service)
    printer = Printer(monkeypatch)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    qtbot.keyClick(screen.program_combo, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, screen)
    assert screen.model.rowCount() == 1
    qtbot.keyClick(screen.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not screen.support_table.isHidden()
    qtbot.keyClick(screen.support_table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, screen)
    assert [job["ids"] for job in printer.jobs] == [["v1", "v2"]]
    assert service.confirmed == [("item1", "item2")]


def test_against_the_real_service_a_cancelled_chunk_resumes_with_the_same_vouchers(
    desk: Desk, qtbot, monkeypatch
):
    screen = make_screen(desk, qtbot, desk.batch_issuance, chunk_size=4)
    screen.program_combo.setCurrentIndex(screen.program_combo.findData("breast"))
    plan(qtbot, screen)
    run = screen.selected_run()
    assert run is not None and run.program_code == "breast" and run.status == "open"
    assert run.total > 4 and screen.summary_label.text() == summary_text(run)
    pages: list[int] = []

    def preview(dialog: printing.PreviewDialog) -> int:  # the real preview reads the real PDF
        pages.append(len(dialog.page_labels))
        dialog.print_button.click()
        return dialog.result()

    monkeypatch.setattr(printing.PreviewDialog, "exec", preview)
    printer = Printer(monkeypatch, real_preview=True)
    printer.print_answers = ["送りました", None]
    screen.print_action.trigger()
    wait_idle(qtbot, screen)
    assert pages == [8]  # four postcards, two sides each
    first, second = (job["ids"] for job in printer.jobs)
    assert len(first) == 4 and screen.selected_run().printed == 4
    assert screen.status_label.text() == NOT_PRINTED_TEXT

    screen.print_action.trigger()
    wait_idle(qtbot, screen)
    assert printer.jobs[2]["ids"] == second  # the unconfirmed chunk again, same vouchers
    done = screen.selected_run()
    assert done.status == "done" and done.printed == run.total
    assert sum(len(job["ids"]) for job in printer.jobs[:1] + printer.jobs[2:]) == run.total
    assert all(job["kind"] == "voucher_postcard" for job in printer.jobs)
    assert screen.status_label.text() == ALL_PRINTED_TEXT

    screen.support_action.trigger()
    assert not screen.support_note.isHidden()
