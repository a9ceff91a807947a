"""The `healthdesk` command as a user runs it: seed-demo, demo --smoke, and refusals."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def healthdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(home),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",  # no OS keyring: demo file
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


def test_seed_demo_builds_an_encrypted_store_and_prints_the_accounts(home: Path) -> None:
    done = healthdesk(home, "seed-demo", "--data-dir", str(home / "seeded"), "--residents", "300")
    assert done.returncode == 0, done.stderr
    assert "住民 300 人" in done.stdout and "clerk1" in done.stdout
    store = home / "seeded" / "kenshin.db"
    assert not store.read_bytes().startswith(b"SQLite format 3")
    keyring_file = home / "kenshindesk-demo-keyring.json"
    assert oct(keyring_file.stat().st_mode & 0o777) == "0o600"
    assert len(json.loads(keyring_file.read_text())) == 1


def test_seed_demo_refuses_to_overwrite_a_store(home: Path) -> None:
    store = home / "seeded" / "kenshin.db"
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    done = healthdesk(home, "seed-demo", "--data-dir", str(home / "seeded"), "--residents", "10")
    assert done.returncode == 2 and "既にデータファイルがあります" in done.stderr
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before


def test_demo_smoke_seeds_logs_in_and_exits_zero(home: Path) -> None:
    done = healthdesk(home, "demo", "--smoke", "--residents", "200")
    assert done.returncode == 0, done.stderr
    assert (home / "kenshindeskdemo" / "kenshin.db").exists()
    again = healthdesk(home, "demo", "--smoke")
    assert again.returncode == 0, again.stderr
    assert "デモデータを作成しています" not in again.stdout


def test_demo_with_a_lost_key_says_so_and_keeps_the_store(home: Path) -> None:
    keyring_file = home / "kenshindesk-demo-keyring.json"
    saved = keyring_file.read_text()
    keyring_file.write_text(json.dumps({}))
    store = home / "kenshindeskdemo" / "kenshin.db"
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    try:
        done = healthdesk(home, "demo", "--smoke")
    finally:
        keyring_file.write_text(saved)
    assert done.returncode == 2 and "暗号鍵" in done.stderr and "Traceback" not in done.stderr
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before


def test_seed_demo_refuses_an_impossible_resident_count(home: Path, tmp_path: Path) -> None:
    done = healthdesk(home, "seed-demo", "--data-dir", str(tmp_path / "x"), "--residents", "-5")
    assert done.returncode == 2 and "範囲" in done.stderr


def test_production_refuses_to_run_without_an_os_keyring(home: Path, tmp_path: Path) -> None:
    done = healthdesk(home, "run", "--data-dir", str(tmp_path / "desk"))
    assert done.returncode == 2 and "資格情報ストア" in done.stderr
    assert not (tmp_path / "desk").exists()
