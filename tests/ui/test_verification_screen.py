"""照合確認: nothing of either entry before the paper value, then a decision with a reason."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain import wareki
from tests.entry_support import PAPER, batch_id, identity_of, key, person
from tests.support import login
from tests.ui.conftest import PASSWORDS, nav_titles
from ui.main_window import MainWindow
from ui.queue_table_model import QueueTableModel
from ui.verification_case import FieldRow
from ui.verification_screen import RETURNED_TEXT, VERIFIED_TEXT, VerificationScreen

TYPOS = {"fobt_day2": "1", "clinic_code": "1312345679"}
# Every value of the two differing fields, as a code or as its label.
DIFFERING_VALUES = ("1312345678", "1312345679", "陽性", "陰性")


@pytest.fixture
def in_review(desk: Desk, batch_id: str, person: dict[str, str]) -> str:
    """Clerk 1 keys the paper; clerk 2 makes two typos, so two fields wait for a supervisor."""
    key(desk, "clerk1", batch_id, person)
    assert key(desk, "clerk2", batch_id, person, **TYPOS) == "review"
    return batch_id


def make_screen(desk: Desk, qtbot: QtBot, login_id: str = "supervisor") -> VerificationScreen:
    screen = VerificationScreen(desk.verification, login(desk, login_id))
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.refresh()
    return screen


def shown_texts(widget: QWidget) -> str:
    labels = [label.text() for label in widget.findChildren(QLabel)]
    edits = [edit.text() for edit in widget.findChildren(QLineEdit)]
    return "\n".join(labels + edits)


def key_paper(qtbot: QtBot, row: FieldRow, value: str) -> None:
    row.paper_edit.setText(value)
    qtbot.keyClick(row.paper_edit, Qt.Key.Key_Return)


def give_reason(qtbot: QtBot, row: FieldRow, reason: str) -> None:
    row.reason_edit.setText(reason)
    qtbot.keyClick(row.reason_edit, Qt.Key.Key_Return)


def test_the_queue_shows_the_form_with_differences(desk: Desk, qtbot: QtBot, in_review):
    screen = make_screen(desk, qtbot)
    assert screen.model.rowCount() == 1
    cells = [screen.model.index(0, column).data() for column in range(5)]
    assert cells == ["1312345678 2026-06", "1", "大腸がん", "2", ""]
    assert screen.count_label.text() == "1件"


def test_opening_a_case_shows_the_field_names_and_no_value_of_either_entry(
    desk: Desk, qtbot: QtBot, in_review
):
    screen = make_screen(desk, qtbot)
    screen.open_row(0)
    assert list(screen.panel.rows) == ["clinic_code", "fobt_day2"]  # as on the paper
    texts = shown_texts(screen)
    assert "便潜血 2日目" in texts and "医療機関コード" in texts
    for value in DIFFERING_VALUES:
        assert value not in texts
    row = screen.panel.rows["fobt_day2"]
    assert row.paper_edit.placeholderText() == "1=陰性・2=陽性"
    assert not row.decision_box.isVisibleTo(screen)


def test_keying_the_paper_value_reveals_both_entries_and_marks_the_one_that_matches(
    desk: Desk, qtbot: QtBot, in_review
):
    screen = make_screen(desk, qtbot)
    screen.open_row(0)
    row = screen.panel.rows["fobt_day2"]
    key_paper(qtbot, row, "陽性")
    assert row.first_label.text().startswith("2（陽性）") and "✓" in row.first_label.text()
    assert row.second_label.text().startswith("1（陰性）") and "✓" not in row.second_label.text()
    assert row.paper_label.text() == "2（陽性）"
    assert row.final_edit.text() == "2" and row.accept_radio.isChecked()
    assert row.decision_box.isVisibleTo(screen) and row.paper_edit.isReadOnly()
    other = screen.panel.rows["clinic_code"]
    assert "1312345679" not in shown_texts(other)  # the other field stays hidden


def test_a_value_the_form_cannot_hold_is_refused_in_red_and_reveals_nothing(
    desk: Desk, qtbot: QtBot, in_review
):
    screen = make_screen(desk, qtbot)
    screen.open_row(0)
    row = screen.panel.rows["fobt_day2"]
    key_paper(qtbot, row, "7")
    assert row.error_label.text()
    assert not row.decision_box.isVisibleTo(screen)
    assert "陰性（" not in shown_texts(screen) and "1（陰性）" not in shown_texts(screen)


def test_a_decision_cannot_be_confirmed_without_a_reason(desk: Desk, qtbot: QtBot, in_review):
    screen = make_screen(desk, qtbot)
    screen.open_row(0)
    row = screen.panel.rows["fobt_day2"]
    key_paper(qtbot, row, "2")
    assert not row.confirm_button.isEnabled()
    give_reason(qtbot, row, "   ")
    assert not row.confirm_button.isEnabled() and not row.settled
    assert "理由" in row.error_label.text()
    row.reason_edit.setText("用紙は陽性")
    assert row.confirm_button.isEnabled()


def test_accepting_both_fields_verifies_the_form_and_it_shows_in_the_history(
    desk: Desk, qtbot: QtBot, in_review, person
):
    screen = make_screen(desk, qtbot)
    screen.open_row(0)
    fobt, clinic = screen.panel.rows["fobt_day2"], screen.panel.rows["clinic_code"]
    key_paper(qtbot, fobt, "陽性")
    give_reason(qtbot, fobt, "用紙は陽性")
    assert fobt.settled and "採用しました: 2（陽性）" in fobt.done_label.text()
    key_paper(qtbot, clinic, "１３１２３４５６７８")
    assert "✓" in clinic.first_label.text() and "✓" not in clinic.second_label.text()
    give_reason(qtbot, clinic, "用紙どおり")
    assert VERIFIED_TEXT in screen.result_label.text()
    assert screen.model.rowCount() == 0 and screen.panel.case is None
    supervisor = login(desk, "supervisor")
    assert desk.verification.queue(supervisor) == []
    detail = desk.lookup.open_resident(supervisor, resident_id=person["id"], fiscal_year=2026)
    assert ("colorectal", date(2026, 6, 10), "要精検") in {
        (h.program_code, h.screened_on, h.judgement) for h in detail.history
    }
    assert desk.audit.verify(supervisor).ok


def test_an_edited_final_value_is_the_one_accepted(desk: Desk, qtbot: QtBot, in_review):
    screen = make_screen(desk, qtbot)
    screen.open_row(0)
    clinic = screen.panel.rows["clinic_code"]
    key_paper(qtbot, clinic, "1312345670")  # a slip in the supervisor's own keying
    assert "✓" not in clinic.first_label.text() + clinic.second_label.text()
    clinic.final_edit.setText("1312345678")
    give_reason(qtbot, clinic, "用紙を再確認")
    assert clinic.settled and "1312345678" in clinic.done_label.text()


def test_returning_a_field_sends_the_form_back_to_both_clerks(desk: Desk, qtbot: QtBot, in_review):
    screen = make_screen(desk, qtbot)
    screen.open_row(0)
    fobt, clinic = screen.panel.rows["fobt_day2"], screen.panel.rows["clinic_code"]
    key_paper(qtbot, fobt, "?")
    fobt.return_radio.setChecked(True)
    assert not fobt.final_edit.isEnabled()
    give_reason(qtbot, fobt, "用紙を医療機関に確認")
    assert fobt.settled and RETURNED_TEXT in fobt.done_label.text()
    key_paper(qtbot, clinic, "1312345678")
    give_reason(qtbot, clinic, "用紙どおり")
    assert RETURNED_TEXT in screen.result_label.text() and screen.model.rowCount() == 0
    slot = desk.entry.open_form(login(desk, "clerk1"), batch_id=in_review, form_no=1)
    assert slot.returned_fields == ("fobt_day2",)


def test_a_supervisor_who_keyed_an_entry_is_refused_with_a_message(
    desk: Desk, qtbot: QtBot, batch_id: str, person
):
    key(desk, "supervisor", batch_id, person)
    key(desk, "clerk1", batch_id, person, fobt_day1="2")
    screen = make_screen(desk, qtbot)
    assert screen.model.rowCount() == 1
    screen.open_row(0)
    assert "自分が入力した" in screen.error_label.text()
    assert screen.panel.case is None and screen.panel.rows == {}


def test_an_identity_problem_is_settled_by_choosing_a_candidate_with_a_reason(
    desk: Desk, qtbot: QtBot, batch_id: str, person
):
    stranger = {**person, "kana": "ミトウロク ダレカ"}
    key(desk, "clerk1", batch_id, stranger)
    key(desk, "clerk2", batch_id, stranger)
    screen = make_screen(desk, qtbot)
    assert screen.model.index(0, 4).data()
    screen.open_row(0)
    identity = screen.panel.identity
    assert identity is not None and screen.panel.rows == {}
    row = next(
        r for r in range(identity.model.rowCount()) if identity.model.row_at(r).id == person["id"]
    )
    assert identity.model.index(row, 5).data() == wareki.format_date(
        date.fromisoformat(person["birth_date"])
    )
    identity.table.selectRow(row)
    assert not identity.resolve_button.isEnabled()
    identity.reason_edit.setText("旧姓で記入")
    assert identity.resolve_button.isEnabled()
    qtbot.keyClick(identity.reason_edit, Qt.Key.Key_Return)
    assert VERIFIED_TEXT in screen.result_label.text() and screen.model.rowCount() == 0


@pytest.mark.parametrize(("login_id", "shown"), [("clerk1", False), ("admin", False)])
def test_only_a_supervisor_has_the_verification_screen(desk: Desk, qtbot, login_id, shown):
    for who, expected in ((login_id, shown), ("supervisor", True)):
        window = MainWindow(desk, desk.auth.login(who, PASSWORDS[who]))
        qtbot.addWidget(window)
        assert ("照合確認" in nav_titles(window)) is expected


def test_the_queue_model_passes_the_model_tester(desk: Desk, qtmodeltester, in_review):
    model = QueueTableModel(desk.verification.queue(login(desk, "supervisor")))
    assert model.rowCount() == 1 and model.row_of_form("nothing") == -1
    qtmodeltester.check(model)


def key_through_the_entry_form(
    qtbot: QtBot, desk: Desk, login_id: str, batch_id: str, person, **changes: str
) -> None:
    """A clerk keys form 1 field by field, Enter after each, then registers it."""
    entry_form = pytest.importorskip("ui.entry_form")
    session = login(desk, login_id)
    slot = desk.entry.open_form(session, batch_id=batch_id, form_no=1)
    form = entry_form.EntryForm(desk.entry, session, slot, "1312345678 2026-06")
    qtbot.addWidget(form)
    identity = {f"identity.{name}": value for name, value in identity_of(person).items()}
    typed = {**identity, **PAPER, **changes}
    for name, row in form.rows.items():
        row.edit.setText(typed.get(name, ""))
        qtbot.keyClick(row.edit, Qt.Key.Key_Return)
        assert row.error.text() == "", name
    with qtbot.waitSignal(form.submitted, timeout=5000):
        form.submit_action.trigger()


def test_the_full_workflow_from_two_clerks_to_the_supervisor_and_the_history(
    desk: Desk, qtbot: QtBot, batch_id: str, person
):
    pytest.importorskip("ui.entry_form")
    key_through_the_entry_form(qtbot, desk, "clerk1", batch_id, person)
    key_through_the_entry_form(qtbot, desk, "clerk2", batch_id, person, **TYPOS)
    screen = make_screen(desk, qtbot)
    assert screen.model.rowCount() == 1
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert set(screen.panel.rows) == {"fobt_day2", "clinic_code"}
    for value in DIFFERING_VALUES:
        assert value not in shown_texts(screen)
    for field, paper, reason in (
        ("clinic_code", "1312345678", "用紙どおり"),
        ("fobt_day2", "2", "用紙は陽性"),
    ):
        row = screen.panel.rows[field]
        key_paper(qtbot, row, paper)
        assert "✓" in row.first_label.text() and "✓" not in row.second_label.text()
        give_reason(qtbot, row, reason)
    assert VERIFIED_TEXT in screen.result_label.text()
    supervisor = login(desk, "supervisor")
    detail = desk.lookup.open_resident(supervisor, resident_id=person["id"], fiscal_year=2026)
    assert ("colorectal", date(2026, 6, 10), "要精検") in {
        (h.program_code, h.screened_on, h.judgement) for h in detail.history
    }
    assert desk.audit.verify(supervisor).ok


def test_the_decision_is_made_with_the_keyboard_alone(desk: Desk, qtbot: QtBot, in_review):
    screen = make_screen(desk, qtbot)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.open_row(0)
    row = screen.panel.rows["fobt_day2"]
    key_paper(qtbot, row, "2")
    assert row.focusWidget() is row.accept_radio
    qtbot.keyClick(row.accept_radio, Qt.Key.Key_Right)
    assert row.return_radio.isChecked() and not row.final_edit.isEnabled()
    qtbot.keyClick(row.return_radio, Qt.Key.Key_Return)
    assert row.focusWidget() is row.reason_edit
    qtbot.keyClicks(row.reason_edit, "kakunin")
    qtbot.keyClick(row.reason_edit, Qt.Key.Key_Return)
    assert row.settled and RETURNED_TEXT in row.done_label.text()


__all__ = ["batch_id", "person"]  # fixtures shared with the integration tests
