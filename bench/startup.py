"""Startup: process start to login window shown, and login to the first screen.

    .venv/bin/python bench/startup.py [--residents 1600000] [--runs 5]

A fresh process per run (offscreen Qt). `window_s` is from spawning the process to the login
window being exposed; `login_s` is from pressing ログイン (production argon2id verify) to the
home screen shown. The full page check of the store runs beside the login window (`check_s`
says how long it took); a clerk types for longer than that, so the login is timed after it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def child(data_dir: Path, spawned_at: float) -> None:
    from PySide6.QtWidgets import QApplication

    from app import bootstrap
    from ui.app import application
    from ui.controller import DeskController

    app = application()
    desk = bootstrap.open_desk(data_dir, bootstrap.demo_key_store())
    controller = DeskController(desk, demo_accounts=None)
    controller.start()
    window = controller.login_window
    while not (window.windowHandle() and window.windowHandle().isExposed()):
        QApplication.processEvents()
    window_s = time.time() - spawned_at
    check_started = time.perf_counter()
    desk.health.wait()
    check_s = time.perf_counter() - check_started + window_s
    login_id, password = bootstrap.demo_accounts()[0]
    window.form.id_edit.setText(login_id)
    window.form.password_edit.setText(password)
    started = time.perf_counter()
    window.form.login_button.click()
    while controller.main_window is None or not controller.main_window.isVisible():
        app.processEvents()
    app.processEvents()
    login_s = time.perf_counter() - started
    controller.shutdown()
    desk.close()
    print(json.dumps({"window_s": window_s, "login_s": login_s, "check_s": check_s}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=1_600_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", type=Path)
    parser.add_argument("--spawned-at", type=float)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.spawned_at)
        return
    from bench.register import register_dir

    data_dir = register_dir(args.residents)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    runs = []
    for _ in range(args.runs):
        spawned_at = time.time()
        output = subprocess.run(
            [sys.executable, __file__, "--child", str(data_dir), "--spawned-at", str(spawned_at)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(output.stdout.strip().splitlines()[-1]))
    size_mb = (data_dir / "kenshin.db").stat().st_size / 1e6
    for name in ("window_s", "login_s", "check_s"):
        values = [run[name] for run in runs]
        print(f"{name}: median {statistics.median(values):.3f} max {max(values):.3f}")
    print(f"store: {args.residents:,} residents, {size_mb:,.0f} MB, {args.runs} runs")
    window = statistics.median(run["window_s"] for run in runs)
    login = statistics.median(run["login_s"] for run in runs)
    print(f"bench: startup window_s={window:.3f} login_s={login:.3f}")


if __name__ == "__main__":
    main()
