"""受診勧奨 notices (counts and programs only, printed on paper) and a resident's vouchers in the
lookup detail: reissue, void and the release by hand for a support-measure resident."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QComboBox, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from app.bootstrap import Desk
from app.services.dto import StaffSession
from tests.support import login
from tests.ui.conftest import nav_titles
from tests.ui.test_printing import FakePrinter, colorectal_adult, print_events
from ui import printing
from ui.issue_dialog import with_issuance
from ui.lookup_screen import LookupScreen
from ui.main_window import MainWindow
from ui.reminders_screen import PREVIEW_NOTICES, RemindersScreen
from ui.screen import ScreenContext
from ui.voucher_actions import REASON_REQUIRED, ReasonDialog, VoucherActions, with_voucher_actions

# -- 受診勧奨 ---------------------------------------------------------------------------


def reminders_screen(desk: Desk, qtbot: QtBot) -> RemindersScreen:
    session = login(desk, "supervisor")
    screen = RemindersScreen(desk.reminders, desk.printing, desk.targets, session)
    qtbot.addWidget(screen)
    screen.refresh()
    return screen


def show_candidates(screen: RemindersScreen, qtbot: QtBot) -> None:
    screen.show_action.trigger()
    qtbot.waitUntil(lambda: screen.task is None, timeout=10000)


def widget_texts(root: QWidget) -> list[str]:
    """Every text the screen holds: labels, combo items and every cell of every model."""
    found = [label.text() for label in root.findChildren(QLabel)]
    for combo in root.findChildren(QComboBox):
        found.extend(combo.itemText(i) for i in range(combo.count()))
    model = root.model  # type: ignore[attr-defined]
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            found.append(str(model.index(row, column).data()))
    return found


def resident_names(desk: Desk, ids: list[str]) -> list[str]:
    with desk.engine.connect() as connection:
        return [
            connection.execute(text("SELECT name FROM residents WHERE id = :i"), {"i": i}).scalar()
            for i in ids
        ]


def set_support_measure(desk: Desk, resident_id: str) -> None:
    with desk.engine.begin() as connection:
        connection.execute(
            text("UPDATE residents SET support_measure = 1 WHERE id = :i"), {"i": resident_id}
        )


def test_follow_ups_are_counted_and_listed_by_program_without_names(
    desk: Desk, qtbot: QtBot, qtmodeltester: Any
) -> None:
    supervisor = login(desk, "supervisor")
    first = desk.reminders.follow_ups(supervisor).items[0].resident_id
    set_support_measure(desk, first)
    expected = desk.reminders.follow_ups(supervisor)
    assert expected.items and expected.support_excluded == 1
    screen = reminders_screen(desk, qtbot)
    assert not screen.print_action.isEnabled() and not screen.program_combo.isVisibleTo(screen)

    show_candidates(screen, qtbot)

    assert screen.count_label.text() == f"{len(expected.items)}件（支援措置 1件を除く）"
    assert screen.model.rowCount() == len(expected.items)
    assert screen.model.index(0, 1).data().startswith(("令和", "平成"))
    assert screen.print_action.isEnabled() and screen.preview_action.isEnabled()
    texts = widget_texts(screen)
    ids = [c.resident_id for c in expected.items] + [first]
    assert not [name for name in resident_names(desk, ids) if any(name in t for t in texts)]
    qtmodeltester.check(screen.model)


def test_the_preview_shows_the_first_notices_as_pages_and_closing_prints_nothing(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = reminders_screen(desk, qtbot)
    show_candidates(screen, qtbot)
    pages: list[int] = []

    def preview(dialog: printing.PreviewDialog) -> int:
        pages.append(len(dialog.page_labels))
        dialog.close_button.click()
        return dialog.result()

    monkeypatch.setattr(printing.PreviewDialog, "exec", preview)
    screen.preview_action.trigger()

    assert pages == [min(screen.model.rowCount(), PREVIEW_NOTICES)]
    assert print_events(desk) == []


def test_cancelling_the_print_dialog_records_no_print(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = reminders_screen(desk, qtbot)
    show_candidates(screen, qtbot)
    monkeypatch.setattr(printing, "choose_printer", lambda _parent: None)

    screen.print_action.trigger()

    assert print_events(desk) == [] and screen.status_label.text() == "印刷していません。"


def test_a_file_printer_is_refused_and_a_paper_print_is_recorded_per_resident(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = reminders_screen(desk, qtbot)
    show_candidates(screen, qtbot)
    ids = [c.resident_id for c in screen.model.rows()]
    shown: list[str] = []
    monkeypatch.setattr(printing.widgets, "show_error", lambda _p, message: shown.append(message))
    writer = QPrinter(QPrinter.PrinterMode.HighResolution)
    writer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    monkeypatch.setattr(printing, "choose_printer", lambda _parent: writer)
    screen.print_action.trigger()
    assert len(shown) == 1 and print_events(desk) == []

    monkeypatch.setattr(printing, "choose_printer", lambda _parent: FakePrinter("窓口プリンター"))
    monkeypatch.setattr(printing, "_paint", lambda _printer, document: document.pageCount())
    screen.print_action.trigger()

    events = print_events(desk)
    assert [kind for kind, _id, _detail in events] == ["reminder"] * len(ids)
    assert [record for _kind, record, _detail in events] == ids
    assert "送りました" in screen.status_label.text()


def test_invitations_for_a_program_and_year_are_counted_in_the_background(
    desk: Desk, qtbot: QtBot
) -> None:
    screen = reminders_screen(desk, qtbot)
    screen.kind_combo.setCurrentIndex(screen.kind_combo.findData("invitation"))
    assert screen.program_combo.isVisibleTo(screen) and screen.year_combo.isVisibleTo(screen)
    screen.program_combo.setCurrentIndex(screen.program_combo.findData("colorectal"))
    year = int(screen.year_combo.currentData())
    expected = desk.reminders.invitations(
        login(desk, "supervisor"), program_code="colorectal", fiscal_year=year
    )

    show_candidates(screen, qtbot)

    assert screen.candidates is not None and screen.candidates.kind == "invitation"
    assert screen.count_label.text() == (
        f"{len(expected.items)}件（支援措置 {expected.support_excluded}件を除く）"
    )
    assert {screen.model.index(r, 0).data() for r in range(screen.model.rowCount())} <= {"大腸がん"}
    screen.year_combo.setCurrentIndex(1)  # other criteria: the list shown is dropped
    assert screen.candidates is None and not screen.print_action.isEnabled()


@pytest.mark.parametrize("login_id", ["clerk1", "admin"])
def test_only_supervisors_have_the_reminders_screen(desk: Desk, qtbot: QtBot, login_id: str):
    window = MainWindow(desk, login(desk, login_id))
    qtbot.addWidget(window)
    assert "受診勧奨" not in nav_titles(window)


# -- 受診券 in the lookup detail --------------------------------------------------------


def open_lookup(
    desk: Desk, qtbot: QtBot, session: StaffSession, resident: tuple[str, str]
) -> tuple[LookupScreen, VoucherActions]:
    context = ScreenContext(desk, session)
    screen = with_voucher_actions(
        with_issuance(LookupScreen(desk.lookup, session), context), context
    )
    qtbot.addWidget(screen)
    actions = screen.findChild(VoucherActions)
    assert isinstance(actions, VoucherActions)
    screen.search_edit.setText(resident[1])
    screen.run_search()
    qtbot.waitUntil(lambda: screen.task is None, timeout=5000)
    screen.open_row([row.id for row in screen.model.rows()].index(resident[0]))
    return screen, actions


def issue_colorectal(desk: Desk, resident_id: str, fiscal_year: int) -> str:
    issued = desk.issuance.issue_one(
        login(desk, "clerk1"),
        resident_id=resident_id,
        program_code="colorectal",
        fiscal_year=fiscal_year,
    )
    return issued.view.number


def this_year(screen: LookupScreen) -> int:
    assert screen.detail.detail is not None
    return screen.detail.detail.fiscal_year


def answer_reason(monkeypatch: pytest.MonkeyPatch, reasons: list[str], seen: list[str]) -> None:
    """Each OK press uses the next reason; what follows it (the red message, or accepted)."""

    def run(dialog: ReasonDialog) -> int:
        if dialog.program_combo is not None:
            dialog.program_combo.setCurrentIndex(dialog.program_combo.findData("colorectal"))
        for reason in reasons:
            dialog.reason_edit.setText(reason)
            dialog.ok_button.click()
            seen.append("accepted" if dialog.result() else dialog.error_label.text())
        if not dialog.result():
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(ReasonDialog, "exec", run)


def select_first(actions: VoucherActions) -> None:
    actions.table.setCurrentIndex(actions.model.index(0, 0))


def test_a_clerk_sees_the_issued_voucher_but_no_reissue_or_void(
    desk: Desk, qtbot: QtBot, qtmodeltester: Any
) -> None:
    resident = colorectal_adult(desk)
    clerk = login(desk, "clerk1")
    screen, actions = open_lookup(desk, qtbot, clerk, resident)
    assert actions.model.rowCount() == 0 and actions.none_label.isVisibleTo(screen)
    number = issue_colorectal(desk, resident[0], this_year(screen))
    screen.detail.show_detail(None)  # a resident on show is not reopened

    screen.open_row([row.id for row in screen.model.rows()].index(resident[0]))

    row = [actions.model.index(0, c).data() for c in range(actions.model.columnCount())]
    assert row[:4] == [number, "大腸がん", row[2], "発行済"] and row[2].endswith("年度")
    assert row[4].startswith(("R", "H"))  # 和暦, short form
    assert actions.table.isVisibleTo(screen)
    select_first(actions)
    for button in (actions.reissue_button, actions.void_button, actions.release_button):
        assert not button.isVisibleTo(screen)
    assert actions.buttons == []
    qtmodeltester.check(actions.model)


def test_a_supervisor_reissues_with_a_reason_and_previews_the_new_voucher(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident = colorectal_adult(desk)
    supervisor = login(desk, "supervisor")
    screen, actions = open_lookup(desk, qtbot, supervisor, resident)
    old = issue_colorectal(desk, resident[0], this_year(screen))
    actions.reload()
    assert not actions.reissue_button.isEnabled()
    select_first(actions)
    assert actions.reissue_button.isEnabled() and actions.void_button.isEnabled()
    seen: list[str] = []
    answer_reason(monkeypatch, ["", "汚損のため"], seen)
    previewed: list[int] = []

    def preview(dialog: printing.PreviewDialog) -> int:
        previewed.append(len(dialog.page_labels))
        dialog.print_button.click()
        return dialog.result()

    monkeypatch.setattr(printing.PreviewDialog, "exec", preview)
    monkeypatch.setattr(printing, "choose_printer", lambda _parent: None)

    actions.reissue_button.click()

    assert seen == [REASON_REQUIRED, "accepted"]
    vouchers = desk.issuance.vouchers_of(supervisor, resident_id=resident[0])
    statuses = {v.number: (v.status, v.reissue) for v in vouchers}
    new = next(number for number in statuses if number != old)
    assert statuses == {old: ("reissued", False), new: ("issued", True)}
    shown = {
        actions.model.index(r, 0).data(): actions.model.index(r, 3).data()
        for r in range(actions.model.rowCount())
    }
    assert shown == {old: "再発行済", new: "発行済（再発行）"}
    assert previewed == [2]
    assert new in actions.status_label.text() and "印刷していません" in actions.status_label.text()
    assert print_events(desk) == []


def test_void_requires_a_reason_and_then_shows_the_voucher_cancelled(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident = colorectal_adult(desk)
    supervisor = login(desk, "supervisor")
    screen, actions = open_lookup(desk, qtbot, supervisor, resident)
    issue_colorectal(desk, resident[0], this_year(screen))
    actions.reload()
    select_first(actions)
    seen: list[str] = []
    answer_reason(monkeypatch, ["  "], seen)

    actions.void_button.click()

    assert seen == [REASON_REQUIRED]
    assert actions.model.index(0, 3).data() == "発行済"
    seen.clear()
    answer_reason(monkeypatch, ["誤って発行"], seen)
    select_first(actions)
    actions.void_button.click()
    assert seen == ["accepted"] and actions.model.index(0, 3).data() == "取消"
    select_first(actions)
    assert not actions.reissue_button.isEnabled() and not actions.void_button.isEnabled()


def test_a_supervisor_releases_a_voucher_for_a_support_measure_resident(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident = colorectal_adult(desk)
    set_support_measure(desk, resident[0])
    clerk_screen, clerk_actions = open_lookup(desk, qtbot, login(desk, "clerk1"), resident)
    assert not clerk_actions.release_button.isVisibleTo(clerk_screen)
    supervisor = login(desk, "supervisor")
    screen, actions = open_lookup(desk, qtbot, supervisor, resident)
    assert actions.release_button.isVisibleTo(screen) and actions.release_button.isEnabled()
    seen: list[str] = []
    answer_reason(monkeypatch, ["", "現住所を本人に確認済み"], seen)
    previewed: list[int] = []

    def preview(dialog: printing.PreviewDialog) -> int:
        previewed.append(len(dialog.page_labels))
        dialog.close_button.click()
        return dialog.result()

    monkeypatch.setattr(printing.PreviewDialog, "exec", preview)

    actions.release_button.click()

    assert seen == [REASON_REQUIRED, "accepted"] and previewed == [2]
    vouchers = desk.issuance.vouchers_of(supervisor, resident_id=resident[0])
    assert [(v.program_name, v.status) for v in vouchers] == [("大腸がん", "issued")]
    assert actions.model.rowCount() == 1
    assert "個別に発行" in actions.status_label.text()
    assert print_events(desk) == []


def test_a_resident_without_a_support_measure_has_no_release_action(
    desk: Desk, qtbot: QtBot
) -> None:
    resident = colorectal_adult(desk)
    screen, actions = open_lookup(desk, qtbot, login(desk, "supervisor"), resident)
    assert actions.reissue_button.isVisibleTo(screen)
    assert not actions.release_button.isVisibleTo(screen)
