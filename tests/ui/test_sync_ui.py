"""Sync on the desk: enrollment, the status bar line, background rounds, the problems screen."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.services.sync_dto import SyncReport
from tests.ui.conftest import PASSWORDS, NoteScreen, log_in, nav_titles
from tests.ui.sync_fakes import ENROLLED, NOT_ENROLLED, FakeEnrollment, FakeSync, problem
from ui import widgets
from ui.controller import DEVICE_REVOKED_TEXT, STAFF_REVOKED_TEXT, SYNC_FAILED_TEXT
from ui.enrollment import EnrollmentDialog
from ui.enrollment_input import MAX_PEM
from ui.main_window import MainWindow
from ui.sync_problems_screen import (
    DISCARDED_TEXT,
    RETRIED_TEXT,
    SyncProblemsScreen,
    short_id,
)
from ui.sync_status import (
    DEVICE_REVOKED_TEXT as REVOKED_LINE,
)
from ui.sync_status import (
    UNREADABLE_TEXT,
    SyncStatusWidget,
    short_time,
    sync_status_text,
)

PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"
URL = "https://kenshin.city.example.jp"
FAST_MS = 40


@pytest.fixture
def sync(desk: Desk) -> FakeSync:
    fake = FakeSync(current=ENROLLED)
    desk.sync = fake  # type: ignore[assignment]
    return fake


@pytest.fixture
def enrollment(desk: Desk) -> FakeEnrollment:
    fake = FakeEnrollment()
    desk.enrollment = fake  # type: ignore[assignment]
    return fake


def fill(dialog: EnrollmentDialog, *, url=URL, code="ABCD-1234", pem=PEM, name="hoken-01"):
    dialog.url_edit.setText(url)
    dialog.code_edit.setText(code)
    dialog.pem_edit.setPlainText(pem)
    dialog.name_edit.setText(name)


def make_dialog(qtbot: QtBot, enrollment: FakeEnrollment, **kwargs) -> EnrollmentDialog:
    dialog = EnrollmentDialog(enrollment, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("url", "", "サーバーのアドレスを入力してください"),
        ("url", "http://kenshin.city.example.jp", "https:// で始めてください"),
        ("url", "https://" + "a" * 10_000, "長すぎます"),
        ("url", "https://kenshin\x00.example.jp", "制御文字"),
        ("code", "", "登録コードを入力してください"),
        ("code", "ABC", "6〜64文字"),
        ("code", "X" * 10_000, "6〜64文字"),
        ("code", "ABCD\x1b1234", "制御文字"),
        ("pem", "", "CA証明書を貼り付けるか"),
        ("pem", "x" * 10_000, "PEM形式"),
        ("pem", PEM + "\x07", "制御文字"),
        ("pem", PEM * 2000, "長すぎます"),
        ("name", "", "端末名を入力してください"),
        ("name", "n" * 10_000, "長すぎます"),
        ("name", "desk\u200b01", "制御文字"),
    ],
)
def test_bad_enrollment_input_gets_a_message_and_calls_nothing(
    qtbot: QtBot, enrollment: FakeEnrollment, field, value, expected
):
    dialog = make_dialog(qtbot, enrollment)
    fill(dialog, **{field: value})
    dialog.enroll_button.click()
    assert expected in dialog.error_label.text()
    assert enrollment.calls == []
    assert dialog.enroll_button.isEnabled()


def test_a_10000_character_paste_is_refused_with_a_message(qtbot, enrollment: FakeEnrollment):
    dialog = make_dialog(qtbot, enrollment)
    fill(dialog)
    QApplication.clipboard().setText("9" * 10_000)
    dialog.code_edit.clear()
    dialog.code_edit.paste()
    dialog.enroll_button.click()
    assert "6〜64文字" in dialog.error_label.text()
    assert enrollment.calls == []


def test_enrollment_runs_off_the_gui_thread_with_the_button_disabled(
    qtbot: QtBot, enrollment: FakeEnrollment
):
    enrollment.gate = threading.Event()
    dialog = make_dialog(qtbot, enrollment)
    fill(dialog, url=f"  {URL} ", code="ABCD-1234")
    dialog.enroll_button.click()
    try:
        assert not dialog.enroll_button.isEnabled()
        assert not dialog.cancel_button.isEnabled()
        assert dialog.progress_label.text() == "サーバーに接続しています…"
        dialog.enroll_button.click()  # a second press while the first is in flight
        dialog.reject()  # nor can it be closed under the call
        assert dialog.isVisible()
    finally:
        enrollment.gate.set()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        pass
    assert enrollment.calls == [(URL, "ABCD-1234", PEM.strip(), "hoken-01")]
    assert dialog.result_value is not None
    assert dialog.result_value.workstation_name == "hoken-01"


def test_a_refused_enrollment_shows_the_services_message_and_can_be_tried_again(
    qtbot: QtBot, enrollment: FakeEnrollment
):
    enrollment.refusal = KenshinError("登録コードが正しくないか、有効期限が切れています。")
    dialog = make_dialog(qtbot, enrollment)
    fill(dialog)
    dialog.enroll_button.click()
    qtbot.waitUntil(lambda: dialog.enroll_button.isEnabled(), timeout=5000)
    assert dialog.error_label.text() == "登録コードが正しくないか、有効期限が切れています。"
    assert dialog.result_value is None and dialog.isVisible()


def test_an_unexpected_error_is_named_not_raised(qtbot: QtBot, enrollment: FakeEnrollment):
    enrollment.refusal = ValueError("boom")  # type: ignore[assignment]
    dialog = make_dialog(qtbot, enrollment)
    fill(dialog)
    dialog.enroll_button.click()
    qtbot.waitUntil(lambda: dialog.enroll_button.isEnabled(), timeout=5000)
    assert "予期しないエラー: ValueError" in dialog.error_label.text()


def test_the_certificate_can_be_read_from_a_pem_or_der_file(
    qtbot: QtBot, enrollment: FakeEnrollment, tmp_path: Path, monkeypatch
):
    dialog = make_dialog(qtbot, enrollment)
    pem_file = tmp_path / "ca.pem"
    pem_file.write_text(PEM, encoding="ascii")
    monkeypatch.setattr(dialog, "_choose_file", lambda: pem_file)
    dialog.file_button.click()
    assert dialog.pem_edit.toPlainText() == PEM
    assert dialog.file_label.text() == "読み込みました: ca.pem"
    der_file = tmp_path / "ca.crt"
    der_file.write_bytes(b"\x30\x82\x01\x0a" + bytes(range(40)))
    monkeypatch.setattr(dialog, "_choose_file", lambda: der_file)
    dialog.file_button.click()
    assert dialog.pem_edit.toPlainText().startswith("-----BEGIN CERTIFICATE-----")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe\x00junk", "PEM形式（テキスト）"),
        (b"-" * (MAX_PEM + 1), "大きすぎます"),
    ],
)
def test_an_unusable_certificate_file_gets_a_message(
    qtbot: QtBot, enrollment: FakeEnrollment, tmp_path: Path, monkeypatch, content, expected
):
    dialog = make_dialog(qtbot, enrollment)
    path = tmp_path / "bad.pem"
    path.write_bytes(content)
    monkeypatch.setattr(dialog, "_choose_file", lambda: path)
    dialog.file_button.click()
    assert expected in dialog.error_label.text()
    assert dialog.pem_edit.toPlainText() == ""


def test_a_production_desk_not_enrolled_shows_enrollment_before_the_login(
    make_controller, enrollment: FakeEnrollment, sync: FakeSync, qtbot: QtBot
):
    sync.current = NOT_ENROLLED
    controller = make_controller(enroll_first=True)
    dialog = controller.enrollment_dialog
    assert dialog is not None and dialog.isVisible()
    assert not controller.login_window.isVisible()
    fill(dialog)
    sync.current = ENROLLED  # what the real service reports once the call has enrolled
    dialog.enroll_button.click()
    qtbot.waitUntil(controller.login_window.isVisible, timeout=5000)
    assert controller.enrollment_dialog is None
    qtbot.waitUntil(lambda: sync.rounds == [None], timeout=5000)  # master data before a login
    qtbot.waitUntil(lambda: not controller.is_syncing(), timeout=5000)


def test_cancelling_the_first_enrollment_ends_the_app(
    make_controller, enrollment: FakeEnrollment, qtbot: QtBot
):
    controller = make_controller(enroll_first=True)
    with qtbot.waitSignal(controller.finished, timeout=1000):
        controller.enrollment_dialog.cancel_button.click()
    assert not controller.login_window.isVisible()


def test_an_enrolled_production_desk_goes_straight_to_the_login(
    make_controller, enrollment: FakeEnrollment
):
    enrollment.is_enrolled = True
    controller = make_controller(enroll_first=True)
    assert controller.enrollment_dialog is None
    assert controller.login_window.isVisible()


def test_the_admin_can_re_enroll_from_the_menu_with_the_unsynced_count(
    desk: Desk, qtbot: QtBot, enrollment: FakeEnrollment, sync: FakeSync, monkeypatch
):
    enrollment.is_enrolled = True
    asked: list[int | None] = []

    def ask(cls, parent, service, *, pending=None):
        asked.append(pending)
        return None

    monkeypatch.setattr(EnrollmentDialog, "ask", classmethod(ask))
    window = MainWindow(desk, desk.auth.login("admin", PASSWORDS["admin"]))
    qtbot.addWidget(window)
    assert window.enroll_action.text() == "端末の再登録(&E)…"
    window.enroll_action.trigger()
    assert asked == [3]  # ENROLLED has three records waiting: the dialog warns about them
    clerk = MainWindow(desk, desk.auth.login("clerk1", PASSWORDS["clerk1"]))
    qtbot.addWidget(clerk)
    assert not hasattr(clerk, "enroll_action")


def test_the_re_enrollment_dialog_warns_that_unsynced_records_go_up_first(
    qtbot: QtBot, enrollment: FakeEnrollment
):
    dialog = make_dialog(qtbot, enrollment, pending=3)
    assert "端末の再登録" in dialog.windowTitle()
    assert dialog.warning_label is not None
    assert "未送信 3件" in dialog.warning_label.text()
    assert "再登録の前に同期して送信" in dialog.warning_label.text()


LOCAL = datetime(2026, 11, 26, 1, 32, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "syncing", "expected"),
    [
        (NOT_ENROLLED, False, "未登録（単独運用）"),
        (ENROLLED, False, "最終同期 {t} ・ 未送信 3件 ・ 同期の問題 1件"),
        (replace(ENROLLED, problems=0, pending=0), False, "最終同期 {t} ・ 未送信 0件"),
        (
            replace(ENROLLED, online=False),
            False,
            "オフライン ・ 最終同期 {t} ・ 未送信 3件 ・ 同期の問題 1件",
        ),
        (ENROLLED, True, "同期中… ・ 最終同期 {t} ・ 未送信 3件 ・ 同期の問題 1件"),
        (
            replace(ENROLLED, problems=0, needs_online_login=True),
            False,
            "最終同期 {t} ・ 未送信 3件 ・ オンラインで再ログインすると送信されます",
        ),
        (
            replace(ENROLLED, last_sync_at=None, problems=0, pending=1200),
            False,
            "最終同期 まだありません ・ 未送信 1,200件",
        ),
        (
            replace(ENROLLED, problems=0, message="監査ログの巻き戻しを検出しました。"),
            False,
            "最終同期 {t} ・ 未送信 3件 ・ 監査ログの巻き戻しを検出しました。",
        ),
    ],
)
def test_the_status_line_for_each_state(status, syncing, expected):
    text = expected.format(t=short_time(LOCAL))
    assert sync_status_text(status, syncing=syncing) == text


def test_the_status_time_is_local_month_day_and_minutes():
    local = LOCAL.astimezone()
    assert short_time(LOCAL) == f"{local.month}/{local.day} {local:%H:%M}"


def test_the_status_widget_syncs_on_click_and_on_space(qtbot: QtBot, sync: FakeSync):
    widget = SyncStatusWidget(sync.status)
    qtbot.addWidget(widget)
    widget.start()
    assert "未送信 3件" in widget.text()
    assert URL in widget.toolTip()
    with qtbot.waitSignal(widget.sync_requested, timeout=500):
        widget.click()
    with qtbot.waitSignal(widget.sync_requested, timeout=500):
        qtbot.keyClick(widget, Qt.Key.Key_Space)
    widget.set_syncing(True)
    with qtbot.assertNotEmitted(widget.sync_requested):
        widget.click()
    assert widget.text().startswith("同期中…")


def test_the_status_widget_refreshes_itself_and_survives_an_unreadable_status(qtbot: QtBot):
    answers: list[object] = [ENROLLED, RuntimeError("disk"), KenshinError("鍵が読めません。")]

    def source():
        answer = answers.pop(0) if answers else NOT_ENROLLED
        if isinstance(answer, BaseException):
            raise answer
        return answer

    widget = SyncStatusWidget(source, refresh_ms=FAST_MS)
    qtbot.addWidget(widget)
    widget.start()
    assert "未送信 3件" in widget.text()
    qtbot.waitUntil(lambda: widget.text() == UNREADABLE_TEXT, timeout=2000)
    qtbot.waitUntil(lambda: widget.text() == "鍵が読めません。", timeout=2000)
    qtbot.waitUntil(lambda: widget.text() == "未登録（単独運用）", timeout=2000)


def test_a_round_runs_right_after_login_and_then_every_interval(
    make_controller, sync: FakeSync, qtbot: QtBot
):
    controller = make_controller(sync_interval_ms=FAST_MS)
    log_in(controller, "clerk1")
    window = controller.main_window
    qtbot.waitUntil(lambda: len(sync.rounds) >= 3, timeout=5000)
    assert all(
        session is not None and session.staff_id == window.session.staff_id
        for session in sync.rounds[:3]
    )
    assert controller.sync_timer.isActive()
    window.logout_action.trigger()
    assert not controller.sync_timer.isActive()
    qtbot.waitUntil(lambda: not controller.is_syncing(), timeout=5000)


def test_no_round_runs_on_a_desk_that_is_not_enrolled(
    make_controller, sync: FakeSync, qtbot: QtBot
):
    sync.current = NOT_ENROLLED
    controller = make_controller(sync_interval_ms=FAST_MS)
    log_in(controller, "clerk1")
    qtbot.wait(4 * FAST_MS)
    assert sync.rounds == []
    window = controller.main_window
    assert window.sync_status.text() == "未登録（単独運用）"
    window.sync_action.trigger()  # asked for: say why nothing happens
    assert sync.rounds == []
    assert "登録されていない" in window.statusBar().currentMessage()


def test_never_two_rounds_at_once(make_controller, sync: FakeSync, qtbot: QtBot):
    sync.gate = threading.Event()
    controller = make_controller()
    log_in(controller, "clerk1")
    try:
        qtbot.waitUntil(lambda: len(sync.rounds) == 1, timeout=5000)
        assert controller.is_syncing()
        assert controller.main_window.sync_status.text().startswith("同期中…")
        assert controller.sync_now() is False
        controller.main_window.sync_action.trigger()
        controller.main_window.sync_status.click()
        assert len(sync.rounds) == 1
    finally:
        sync.gate.set()
    qtbot.waitUntil(lambda: not controller.is_syncing(), timeout=5000)
    assert not controller.main_window.sync_status.text().startswith("同期中…")
    controller.main_window.sync_status.click()
    qtbot.waitUntil(lambda: len(sync.rounds) == 2, timeout=5000)
    qtbot.waitUntil(lambda: not controller.is_syncing(), timeout=5000)


def test_a_revoked_staff_member_is_logged_out_with_the_reason_and_keeps_the_draft(
    make_controller, sync: FakeSync, qtbot: QtBot
):
    sync.gate = threading.Event()
    sync.reports = [SyncReport(0, 0, 0, online=True, session_revoked=True)]
    controller = make_controller()
    log_in(controller, "clerk1")
    window = controller.main_window
    note = window.screens["note"]
    assert isinstance(note, NoteScreen)
    note.note_edit.setText("書きかけ")
    sync.gate.set()
    qtbot.waitUntil(lambda: controller.main_window is None, timeout=5000)
    assert controller.login_window.isVisible()
    assert controller.login_window.form.error_label.text() == STAFF_REVOKED_TEXT
    assert not controller.sync_timer.isActive()
    log_in(controller, "clerk1")  # the fake revokes only once: the draft comes back
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5000)
    assert controller.main_window.screens["note"].note_edit.text() == "書きかけ"
    qtbot.waitUntil(lambda: not controller.is_syncing(), timeout=5000)


def test_a_revoked_workstation_stops_syncing_and_says_the_records_are_kept(
    make_controller, sync: FakeSync, qtbot: QtBot
):
    sync.reports = [SyncReport(0, 0, 0, online=False, device_revoked=True)]
    controller = make_controller(sync_interval_ms=FAST_MS)
    log_in(controller, "clerk1")
    qtbot.waitUntil(lambda: controller.notice is not None, timeout=5000)
    assert controller.notice.text() == DEVICE_REVOKED_TEXT
    assert "保存されています" in DEVICE_REVOKED_TEXT
    assert not controller.sync_timer.isActive()
    window = controller.main_window
    assert window is not None  # the clerk may go on working; records wait in the store
    assert window.sync_status.text() == REVOKED_LINE
    assert controller.sync_now() is False
    qtbot.wait(3 * FAST_MS)
    assert len(sync.rounds) == 1


def test_an_exception_in_a_round_is_shown_in_the_status_bar_not_raised(
    make_controller, sync: FakeSync, qtbot: QtBot
):
    sync.failure = RuntimeError("bug")
    controller = make_controller()
    log_in(controller, "clerk1")
    window = controller.main_window
    qtbot.waitUntil(lambda: SYNC_FAILED_TEXT in window.sync_status.text(), timeout=5000)
    assert controller.main_window is window and window.isVisible()


def test_the_problems_screen_is_for_supervisors_only(desk: Desk, qtbot: QtBot, sync: FakeSync):
    for login_id, shown in (("clerk1", False), ("supervisor", True), ("admin", False)):
        window = MainWindow(desk, desk.auth.login(login_id, PASSWORDS[login_id]))
        qtbot.addWidget(window)
        assert ("同期の問題" in nav_titles(window)) is shown
        assert ("sync_problems" in window.screens) is shown


@pytest.fixture
def problems_screen(desk: Desk, qtbot: QtBot, sync: FakeSync) -> SyncProblemsScreen:
    sync.open_problems = [problem(1), problem(2, status="rejected", message="データが不正です。")]
    screen = SyncProblemsScreen(sync, desk.auth.login("supervisor", PASSWORDS["supervisor"]))
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    return screen


def test_the_problems_screen_lists_each_problem(problems_screen: SyncProblemsScreen, qtmodeltester):
    model = problems_screen.model
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["種類", "記録ID", "状態", "サーバーの理由", "発生日時", "試行回数"]
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first[:4] == [
        "用紙の入力",
        short_id(problem(1).record_id),
        "競合",
        "同じ用紙の2回目入力が別の端末で既に登録されています。",
    ]
    assert first[5] == "1"
    assert model.index(1, 2).data() == "拒否"
    assert short_id(problem(1).record_id) == "…00000001"
    assert problems_screen.count_label.text() == "同期の問題 2件"
    assert problems_screen.selected() == problem(1)  # the first is ready for the keyboard
    assert problem(1).record_id in problems_screen.detail_label.text()  # in full, below


def test_retry_resends_and_asks_for_a_sync(problems_screen: SyncProblemsScreen, sync, qtbot):
    with qtbot.waitSignal(problems_screen.sync_requested, timeout=500):
        problems_screen.retry_action.trigger()
    assert sync.resolved == [("problem-1", "retry")]
    assert problems_screen.result_label.text() == RETRIED_TEXT
    assert problems_screen.model.rowCount() == 1


def test_discard_asks_first_and_keeps_the_servers_version(
    problems_screen: SyncProblemsScreen, sync: FakeSync, monkeypatch
):
    questions: list[str] = []
    answer = [False]

    def confirm(parent, question):
        questions.append(question)
        return answer[0]

    monkeypatch.setattr(widgets, "confirm", confirm)
    problems_screen.select_row(1)
    problems_screen.discard_action.trigger()
    assert sync.resolved == []
    assert "サーバーにある版がそのまま残り" in questions[0]
    answer[0] = True
    problems_screen.discard_action.trigger()
    assert sync.resolved == [("problem-2", "discard")]
    assert problems_screen.result_label.text() == DISCARDED_TEXT


def test_the_problem_actions_are_keyboard_reachable(problems_screen: SyncProblemsScreen):
    assert problems_screen.retry_action.shortcut().toString() == "Ctrl+R"
    assert problems_screen.discard_action.shortcut().toString() == "Ctrl+D"
    assert problems_screen.retry_button.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_nothing_to_act_on_disables_the_buttons(desk: Desk, qtbot: QtBot, sync: FakeSync):
    screen = SyncProblemsScreen(sync, desk.auth.login("supervisor", PASSWORDS["supervisor"]))
    qtbot.addWidget(screen)
    screen.refresh()
    assert screen.count_label.text() == "同期の問題はありません。"
    assert not screen.retry_action.isEnabled() and not screen.discard_action.isEnabled()


def test_the_problems_screen_refreshes_after_each_round(
    make_controller, sync: FakeSync, qtbot: QtBot
):
    controller = make_controller()
    log_in(controller, "supervisor")
    window = controller.main_window
    qtbot.waitUntil(lambda: not controller.is_syncing(), timeout=5000)
    window.nav.setCurrentRow(nav_titles(window).index("同期の問題"))
    screen = window.screens["sync_problems"]
    assert screen.model.rowCount() == 0
    sync.open_problems = [problem(1)]
    assert controller.sync_now()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=5000)
