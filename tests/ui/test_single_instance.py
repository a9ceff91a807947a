"""One desk per data folder: a second start is refused with a message; a dead desk's lock is not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.store.keys import KeyringKeyStore
from tests.support import MemoryKeyring
from ui import cli
from ui.single_instance import ALREADY_RUNNING, LOCK_FILE, DeskAlreadyRunning, one_desk_per_folder

HOLD = """
import sys, time
from pathlib import Path
from ui.single_instance import one_desk_per_folder
with one_desk_per_folder(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_a_second_desk_on_the_same_folder_is_refused_until_the_first_ends(tmp_path: Path):
    with (
        one_desk_per_folder(tmp_path),
        pytest.raises(DeskAlreadyRunning) as refused,
        one_desk_per_folder(tmp_path),
    ):
        pass
    assert refused.value.message == ALREADY_RUNNING
    with one_desk_per_folder(tmp_path):  # the first has ended: free again
        pass


def test_another_folder_is_another_desk(tmp_path: Path):
    with one_desk_per_folder(tmp_path / "a"), one_desk_per_folder(tmp_path / "b"):
        pass


def test_the_lock_of_a_killed_desk_is_taken_over(tmp_path: Path):
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(DeskAlreadyRunning), one_desk_per_folder(tmp_path):  # alive
            pass
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        assert (tmp_path / LOCK_FILE).exists()  # left behind by the kill
        with one_desk_per_folder(tmp_path):  # its process is gone: taken over
            pass
    finally:
        child.kill()
        child.wait(10)


def test_the_command_says_so_and_exits_2_without_touching_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    keyring = MemoryKeyring()  # a workstation with its OS keyring, as in production
    monkeypatch.setattr(cli.bootstrap, "KeyringKeyStore", lambda: KeyringKeyStore(keyring))
    with one_desk_per_folder(tmp_path):
        assert cli.main(["run", "--data-dir", str(tmp_path)]) == 2
    assert "すでに起動しています" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no store made, lock released
