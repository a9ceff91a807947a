"""A store whose key is gone: kept, and set aside only when the admin chooses to enrol anew."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from app.bootstrap import StoreKeyMissing
from ui import app as gui


class Opener:
    def __init__(self) -> None:
        self.calls = 0
        self.set_aside_calls = 0

    def open_desk(self) -> Any:
        self.calls += 1
        if self.set_aside_calls == 0:
            raise StoreKeyMissing()
        return "desk"

    def set_aside(self) -> str:
        self.set_aside_calls += 1
        return "/data/unreadable-20261126T010000Z"


@pytest.fixture(autouse=True)
def quiet_information(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    return shown


def test_the_admin_may_set_the_store_aside_and_enrol_anew(
    monkeypatch: pytest.MonkeyPatch, quiet_information: list[str]
) -> None:
    monkeypatch.setattr(gui, "_confirm_reenrol", lambda message: "削除せず" in message)
    opener = Opener()
    desk = gui._open_or_reenrol(opener.open_desk, opener.set_aside, offscreen=False)
    assert desk == "desk" and opener.set_aside_calls == 1 and opener.calls == 2
    assert "削除していません" in quiet_information[0]


def test_declining_keeps_everything_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gui, "_confirm_reenrol", lambda message: False)
    opener = Opener()
    with pytest.raises(StoreKeyMissing):
        gui._open_or_reenrol(opener.open_desk, opener.set_aside, offscreen=False)
    assert opener.set_aside_calls == 0


def test_the_demo_and_offscreen_runs_never_offer_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gui, "_confirm_reenrol", lambda message: True)
    opener = Opener()
    with pytest.raises(StoreKeyMissing):
        gui._open_or_reenrol(opener.open_desk, None, offscreen=False)
    with pytest.raises(StoreKeyMissing):
        gui._open_or_reenrol(opener.open_desk, opener.set_aside, offscreen=True)
    assert opener.set_aside_calls == 0
