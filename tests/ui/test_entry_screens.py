"""用紙入力: batches, keying a form by keyboard alone, blind second entry, errors and drafts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain.wareki import format_short
from app.services.lookup_dto import ResidentRow
from tests.entry_support import PAPER
from tests.ui.conftest import PASSWORDS
from ui import widgets
from ui.background import wait_for_all
from ui.batch_screen import BatchScreen, NewBatchDialog
from ui.batch_table_model import BatchTableModel, missing_text
from ui.entry_form import EntryForm

KATAKANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
)


@pytest.fixture(autouse=True)
def drafts_written(desk: Desk) -> Iterator[None]:
    """Draft writes run on pool threads; let them end before the store closes."""
    yield
    wait_for_all()


@pytest.fixture
def resident(desk: Desk) -> ResidentRow:
    session = desk.auth.login("clerk1", PASSWORDS["clerk1"])
    for letter in KATAKANA:
        rows = desk.lookup.search(session, text=letter).rows
        if rows:
            return rows[0]
    raise AssertionError("the demo store has no residents")


@pytest.fixture
def batch_id(desk: Desk) -> str:
    return desk.entry.create_batch(
        desk.auth.login("clerk1", PASSWORDS["clerk1"]),
        program_code="colorectal",
        clinic_code="1312345678",
        month="2026-06",
        received_count=3,
    )


def identity_of(person: ResidentRow) -> dict[str, str]:
    sex = "1" if person.sex == "M" else "2"
    street = person.address.split("区", 1)[-1]  # as a clinic writes it: without the city
    return {
        "kana": person.kana,
        "birth_date": format_short(person.birth_date),
        "sex": sex,
        "address": street,
    }


def make_screen(desk: Desk, qtbot: QtBot, login_id: str = "clerk1") -> BatchScreen:
    screen = BatchScreen(desk.entry, desk.auth.login(login_id, PASSWORDS[login_id]))
    qtbot.addWidget(screen)
    screen.resize(1100, 800)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)  # shortcuts need it
    screen.refresh()
    return screen


def open_by_keyboard(qtbot: QtBot, screen: BatchScreen, form_no: int = 1) -> EntryForm:
    screen.form_no_spin.setFocus()
    screen.form_no_spin.setValue(form_no)
    qtbot.keyClick(screen.form_no_spin, Qt.Key.Key_Return)
    assert screen.form is not None, "Enter did not open the form"
    return screen.form


def key(qtbot: QtBot, form: EntryForm, field: str, text: str) -> None:
    """Type into the focused field, as a clerk would, and press Enter."""
    edit = form.rows[field].edit
    assert QApplication.focusWidget() is edit, f"focus is not on {field}"
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)  # QTest cannot synthesise kana key presses
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def key_identity(qtbot: QtBot, form: EntryForm, person: ResidentRow) -> None:
    key(qtbot, form, "identity.voucher_no", "")  # this paper came without a voucher
    for name, text in identity_of(person).items():
        key(qtbot, form, f"identity.{name}", text)


def submit_by_service(desk: Desk, login_id: str, batch_id: str, person: ResidentRow) -> str:
    session = desk.auth.login(login_id, PASSWORDS[login_id])
    slot = desk.entry.open_form(session, batch_id=batch_id, form_no=1)
    return desk.entry.submit(
        session, entry_id=slot.entry_id, identity=identity_of(person), values=PAPER
    ).form_status


def test_a_new_batch_is_made_in_the_dialog_and_selected(desk: Desk, qtbot, monkeypatch):
    def fill(parent, create):
        dialog = NewBatchDialog(parent, create)
        dialog.program_combo.setCurrentIndex(dialog.program_combo.findData("colorectal"))
        dialog.clinic_edit.setText("123")
        dialog.ok_button.click()
        assert "10桁" in dialog.error_label.text()
        dialog.clinic_edit.setText("1312345678")
        dialog.count_spin.setValue(12)
        dialog.ok_button.click()
        return dialog.result_value

    monkeypatch.setattr(NewBatchDialog, "ask", fill)
    screen = make_screen(desk, qtbot)
    screen.new_action.trigger()
    batch = screen.selected_batch()
    assert batch is not None and (batch.program_code, batch.received) == ("colorectal", 12)
    assert screen.form_no_spin.value() == 1 and screen.form_no_spin.maximum() == 12


def test_a_clerk_keys_a_whole_form_by_keyboard_and_submits_it(
    desk: Desk, qtbot, batch_id, resident
):
    screen = make_screen(desk, qtbot)
    form = open_by_keyboard(qtbot, screen)
    assert "1回目入力" in form.title_label.text()
    assert not form.rows["screening_date"].edit.isEnabled()  # identity first
    key_identity(qtbot, form, resident)
    assert form.match_label.text() == f"住民記録と一致: {resident.name}"
    for field, text in PAPER.items():
        key(qtbot, form, field, text)
    assert QApplication.focusWidget() is form.submit_button
    qtbot.keyClick(form.submit_button, Qt.Key.Key_Return)
    assert screen.form is None
    assert "1回目の入力を登録しました" in screen.message_label.text()
    batch = screen.selected_batch()
    assert batch is not None and (batch.first_keyed, batch.second_keyed) == (1, 0)


def test_the_second_clerk_keys_blind_and_the_first_may_not_reopen(
    desk: Desk, qtbot, batch_id, resident, monkeypatch
):
    assert submit_by_service(desk, "clerk1", batch_id, resident) == "keying"
    second = make_screen(desk, qtbot, "clerk2")
    form = open_by_keyboard(qtbot, second)
    assert form.slot.entry_no == 2
    assert "2回目入力" in form.title_label.text()
    assert all(row.edit.text() == "" for row in form.rows.values())
    shown: list[str] = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, message: shown.append(message))
    first = make_screen(desk, qtbot, "clerk1")
    first.form_no_spin.setValue(1)
    assert first.open_form(1) is None and first.form is None
    assert shown == ["この用紙はあなたが入力済みです。もう一方の入力は別の職員が行います。"]


def test_a_wrong_value_is_shown_in_its_field_and_blocks_the_submit(
    desk: Desk, qtbot, batch_id, resident
):
    screen = make_screen(desk, qtbot)
    form = open_by_keyboard(qtbot, screen)
    key(qtbot, form, "identity.voucher_no", "")
    key(qtbot, form, "identity.kana", resident.kana)
    key(qtbot, form, "identity.birth_date", "平成31年5月1日")
    assert form.rows["identity.birth_date"].error.text()  # 平成31年5月 did not exist
    assert QApplication.focusWidget() is form.rows["identity.birth_date"].edit
    form.rows["identity.birth_date"].edit.setText(format_short(resident.birth_date))
    qtbot.keyClick(form.rows["identity.birth_date"].edit, Qt.Key.Key_Return)
    assert form.rows["identity.birth_date"].error.text() == ""
    key(qtbot, form, "identity.sex", "1" if resident.sex == "M" else "2")
    key(qtbot, form, "identity.address", identity_of(resident)["address"])
    for field in ("screening_date", "clinic_code", "first_time"):
        key(qtbot, form, field, PAPER[field])
    key(qtbot, form, "fobt_day1", "7")
    assert "1=陰性" in form.rows["fobt_day1"].error.text()
    assert QApplication.focusWidget() is form.rows["fobt_day1"].edit  # Enter stays put
    qtbot.keyClick(
        form.rows["fobt_day1"].edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert screen.form is form  # not submitted
    assert "入力内容に誤りがあります" in form.form_error.text()
    assert "次のいずれか" in form.rows["fobt_day1"].error.text()
    assert "必須項目" in form.rows["fobt_day2"].error.text()


def test_enter_passes_by_fields_that_skip_rules_rule_out(desk: Desk, qtbot, resident):
    clerk = desk.auth.login("clerk1", PASSWORDS["clerk1"])
    desk.entry.create_batch(
        clerk,
        program_code="stomach_endo",
        clinic_code="1312345678",
        month="2026-06",
        received_count=1,
    )
    screen = make_screen(desk, qtbot)
    form = open_by_keyboard(qtbot, screen)
    key_identity(qtbot, form, resident)
    for field, text in (
        ("screening_date", "R8.6.1"),
        ("clinic_code", "1312345678"),
        ("first_time", "1"),
        ("method", "1"),
        ("findings", "1"),
    ):
        key(qtbot, form, field, text)
    key(qtbot, form, "biopsy", "2")
    assert not form.rows["biopsy_result"].edit.isEnabled()
    assert QApplication.focusWidget() is form.rows["judgement"].edit
    form.rows["biopsy"].edit.setFocus()
    form.rows["biopsy"].edit.setText("1")
    qtbot.keyClick(form.rows["biopsy"].edit, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.rows["biopsy_result"].edit


def test_what_is_keyed_survives_dropping_the_screen(desk: Desk, qtbot, batch_id, resident):
    screen = make_screen(desk, qtbot)
    form = open_by_keyboard(qtbot, screen)
    key_identity(qtbot, form, resident)
    key(qtbot, form, "screening_date", "R8.6.10")
    form.rows["clinic_code"].edit.insert("13123")  # still in the field: only the draft has it
    payload = screen.unsaved_draft()
    assert payload is not None and payload["values"]["clinic_code"] == "13123"
    screen.close()

    reopened = make_screen(desk, qtbot)
    again = open_by_keyboard(qtbot, reopened)
    assert again.rows["identity.kana"].edit.text() == resident.kana
    assert again.rows["screening_date"].edit.text() == "R8.6.10"  # saved as it was left
    assert again.rows["clinic_code"].edit.text() == "13123"  # saved when the desk let go
    reopened.close()
    payload["values"]["clinic_code"] = "1312345678"  # as a newer desk draft would hold it

    restored = make_screen(desk, qtbot)
    restored.restore_draft(payload)
    assert restored.form is not None
    assert restored.form.rows["clinic_code"].edit.text() == "1312345678"
    assert QApplication.focusWidget() is restored.form.rows["first_time"].edit


def test_escape_asks_and_keeps_the_draft(desk: Desk, qtbot, batch_id, resident, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(widgets, "confirm", lambda parent, question: asked.append(question) or True)
    screen = make_screen(desk, qtbot)
    form = open_by_keyboard(qtbot, screen)
    form.rows["identity.kana"].edit.insert(resident.kana)
    qtbot.keyClick(form.rows["identity.kana"].edit, Qt.Key.Key_Escape)
    assert asked and screen.form is None
    assert "下書き" in screen.message_label.text()
    session = desk.auth.login("clerk1", PASSWORDS["clerk1"])
    assert desk.entry.open_form(session, batch_id=batch_id, form_no=1).identity["kana"] == (
        resident.kana
    )


def test_batch_counts_follow_two_submissions(desk: Desk, qtbot, batch_id, resident):
    screen = make_screen(desk, qtbot)
    submit_by_service(desk, "clerk1", batch_id, resident)
    assert submit_by_service(desk, "clerk2", batch_id, resident) == "verified"
    screen.refresh()
    batch = screen.selected_batch()
    assert batch is not None
    assert (batch.first_keyed, batch.second_keyed, batch.verified) == (1, 1, 1)
    texts = [screen.model.index(0, column).data() for column in range(screen.model.columnCount())]
    assert texts[:8] == ["大腸がん", "1312345678", "2026-06", "3", "1", "1", "1", "0"]
    assert texts[9] == "1回目: 2〜3 / 2回目: 2〜3"


def test_the_batch_model_passes_the_model_tester(desk: Desk, qtmodeltester, batch_id):
    model = BatchTableModel(desk.entry.batches(desk.auth.login("clerk1", PASSWORDS["clerk1"])))
    qtmodeltester.check(model)
    assert missing_text((2, 3)) == "2〜3"
    assert missing_text((1, 2, 3, 5, 7, 9, 10)) == "1〜3, 5, 7 他2枚"


def test_a_returned_entry_opens_with_its_values_and_only_the_returned_field_empty(
    desk: Desk, qtbot, batch_id, resident
):
    clerk1 = desk.auth.login("clerk1", PASSWORDS["clerk1"])
    slot = desk.entry.open_form(clerk1, batch_id=batch_id, form_no=1)
    desk.entry.submit(clerk1, entry_id=slot.entry_id, identity=identity_of(resident), values=PAPER)
    clerk2 = desk.auth.login("clerk2", PASSWORDS["clerk2"])
    other = desk.entry.open_form(clerk2, batch_id=batch_id, form_no=1)
    changed = {**PAPER, "fobt_day1": "2"}
    desk.entry.submit(
        clerk2, entry_id=other.entry_id, identity=identity_of(resident), values=changed
    )
    supervisor = desk.auth.login("supervisor", PASSWORDS["supervisor"])
    desk.verification.key_from_paper(supervisor, form_id=slot.form_id, field="fobt_day1", value="?")
    desk.verification.settle(
        supervisor, form_id=slot.form_id, field="fobt_day1", decision="return", reason="判読不能"
    )
    screen = make_screen(desk, qtbot)
    form = open_by_keyboard(qtbot, screen)
    assert form.returned_label is not None
    assert form.returned_label.text() == "差し戻し: 便潜血 1日目 を入力し直してください"
    assert form.rows["fobt_day1"].edit.text() == ""
    assert form.rows["fobt_day2"].edit.text() == "2"
    assert form.rows["screening_date"].edit.text() == "R8.6.10"
    assert form.rows["identity.sex"].edit.text() == ("1" if resident.sex == "M" else "2")
    assert QApplication.focusWidget() is form.rows["fobt_day1"].edit
    key(qtbot, form, "fobt_day1", "1")
    qtbot.keyClick(
        form.rows["fobt_day2"].edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert screen.form is None
    assert "1回目の入力を登録しました" in screen.message_label.text()
