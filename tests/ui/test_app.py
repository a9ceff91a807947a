"""Starting the GUI: a store that cannot open is refused with its message; the smoke run."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from tests.ui.conftest import PASSWORDS
from ui import app as gui

ACCOUNTS = [(login_id, password) for login_id, password in PASSWORDS.items()]


def test_run_gui_shows_a_store_error_in_a_message_box_and_returns_2(
    qapp, monkeypatch: pytest.MonkeyPatch
):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text: shown.append((title, text))
    )
    # As on a desk with a screen: offscreen, the message goes to stderr instead (next test).
    monkeypatch.setattr(QApplication, "platformName", staticmethod(lambda: "xcb"))

    def open_desk() -> Desk:
        raise KenshinError("データファイルの暗号鍵が見つかりません。")

    assert gui.run_gui(open_desk, smoke=False, demo_accounts=None) == 2
    assert shown == [("健診デスク", "データファイルの暗号鍵が見つかりません。")]


def test_run_gui_offscreen_prints_a_store_error_on_stderr_and_returns_2(qapp, capsys):
    def open_desk() -> Desk:
        raise KenshinError("データファイルの暗号鍵が見つかりません。")

    assert gui.run_gui(open_desk, smoke=False, demo_accounts=None) == 2
    assert "暗号鍵が見つかりません" in capsys.readouterr().err


def test_run_gui_smoke_run_logs_in_and_out_and_returns_0(desk: Desk, capsys):
    assert gui.run_gui(lambda: desk, smoke=True, demo_accounts=ACCOUNTS) == 0
    assert capsys.readouterr().err == ""
    actions = [
        (event.staff_login, event.action)
        for event in desk.audit.recent(desk.auth.login("supervisor", PASSWORDS["supervisor"]))
    ]
    assert ("clerk1", "logout") in actions


def test_run_gui_smoke_run_with_a_bad_account_returns_1_with_a_reason(desk: Desk, capsys):
    assert gui.run_gui(lambda: desk, smoke=True, demo_accounts=[("clerk1", "wrong")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("smoke: ログインできませんでした")
    assert err.count("\n") == 1


def test_run_gui_smoke_run_reports_a_store_error_on_stderr(qapp, capsys):
    def open_desk() -> Desk:
        raise KenshinError("暗号鍵がデータファイルと一致しないため開けません。")

    assert gui.run_gui(open_desk, smoke=True, demo_accounts=ACCOUNTS) == 2
    assert "暗号鍵が" in capsys.readouterr().err


def test_the_application_uses_a_japanese_font_at_a_readable_size(qapp):
    app = gui.application()
    assert app is QApplication.instance()
    assert app.font().family() == "IPAexGothic"
    assert app.font().pointSize() == gui.BASE_POINT_SIZE
