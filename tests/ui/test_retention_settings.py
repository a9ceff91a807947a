"""保存年数 on the settings screen: the defaults shown, a change saved, a bad value refused."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from tests.ui.conftest import PASSWORDS
from ui.settings_screen import SettingsScreen


def test_the_years_show_the_defaults_and_a_change_is_saved(desk: Desk, qtbot: QtBot) -> None:
    admin = desk.auth.login("admin", PASSWORDS["admin"])
    screen = SettingsScreen(desk.admin, admin)
    qtbot.addWidget(screen)
    screen.refresh()
    assert screen.years["lung"].value() == 5 and screen.years["osteoporosis"].value() == 10
    assert screen.years["welfare_checkup"].value() == 0  # no default: never deleted
    screen.years["lung"].setValue(7)
    screen.save_button.click()
    assert "保存しました" in screen.notice_label.text()
    assert desk.admin.retention_years(admin)["lung"] == 7
    assert desk.admin.retention_years(admin)["colorectal"] == 5


def test_a_bad_years_setting_is_refused_in_japanese(desk: Desk) -> None:
    admin = desk.auth.login("admin", PASSWORDS["admin"])
    with pytest.raises(KenshinError, match="検診「x"):
        desk.admin.change_setting(admin, key="retention_years", value={"x" * 500: 5})
    with pytest.raises(KenshinError, match="1〜100"):
        desk.admin.change_setting(admin, key="retention_years", value={"lung": 0})
    assert desk.admin.retention_years(admin)["lung"] == 5
