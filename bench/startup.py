"""Startup: process start to login window shown, and login to the first screen.

    .venv/bin/python bench/startup.py [--residents 1600000] [--runs 7]

A fresh process per run (offscreen Qt), started the way the desk is: `ui.cli` imported, then
`ui.app.run_gui` as `healthdesk demo` calls it (the demo server and its sync left out), with
its event loop. `window_s` is from spawning the process to the login window being exposed;
the store is opened and the services imported on a worker thread after the window's first
paint, and its full page check runs beside the login window (`check_s` says when it ended;
a clerk types for longer than that, so the login is timed after it). `login_s` is from
pressing ログイン (production argon2id verify) to the home screen shown and painted; its
counts, which read the whole register, arrive from a worker thread after (`counts_s`, from
the same press).

Floors, measured in the same minutes, alternating with the runs: a bare PySide6 process that
shows one QWidget, timed the same way (spawn to exposed); and one argon2id verify with the
production parameters alone, in the desk's process after its login.
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import harness  # noqa: E402

BARE_QT = """
import sys, time
spawned_at = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(600, 460)
window.show()
while not (window.windowHandle() and window.windowHandle().isExposed()):
    app.processEvents()
print(time.time() - spawned_at)
"""


def child(data_dir: Path, spawned_at: float) -> None:
    import ui.cli  # noqa: F401  (what `healthdesk` imports first)
    from app import bootstrap
    from ui import app as gui
    from ui import controller as controller_module

    figures: dict[str, Any] = {}
    original_start = controller_module.DeskController.start

    def start(controller: controller_module.DeskController) -> None:
        original_start(controller)
        _drive(controller, figures, spawned_at)

    controller_module.DeskController.start = start  # type: ignore[method-assign]

    def open_desk() -> bootstrap.Desk:  # as `healthdesk demo` opens it
        return bootstrap.open_desk(data_dir, bootstrap.demo_key_store())

    status = gui.run_gui(
        open_desk, smoke=False, demo_accounts=bootstrap.demo_accounts(), data_dir=data_dir
    )
    if status != 0 or "login_s" not in figures:
        raise SystemExit(f"run_gui ended with {status} before the login: {figures}")
    print(json.dumps(figures))


def _drive(controller: Any, figures: dict[str, Any], spawned_at: float) -> None:
    """Poll from the event loop: window exposed, desk loaded and checked, login, counts."""
    from argon2 import PasswordHasher
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app import bootstrap

    timer = QTimer(controller)
    state: dict[str, Any] = {"step": "window"}

    def tick() -> None:
        window = controller.login_window
        handle = controller.desk_handle
        step = state["step"]
        if step == "window":
            if window.windowHandle() is not None and window.windowHandle().isExposed():
                figures["window_s"] = time.time() - spawned_at
                state["step"] = "loaded"
                timer.setInterval(5)  # gentle now: the worker thread imports and opens
        elif step == "loaded":
            if handle.error is not None:
                raise SystemExit(f"the desk did not open: {handle.error!r}")
            if handle.loaded and handle.wait().health.finished:
                handle.wait().health.wait()
                figures["check_s"] = time.time() - spawned_at
                login_id, password = bootstrap.demo_accounts()[0]
                window.form.id_edit.setText(login_id)
                window.form.password_edit.setText(password)
                started = time.perf_counter()
                window.form.login_button.click()  # the login and the main window, in the slot
                main = controller.main_window
                if main is None or not main.isVisible():
                    raise SystemExit(f"no home screen: {window.form.error_label.text()}")
                QApplication.processEvents()  # its first paint
                figures["login_s"] = time.perf_counter() - started
                state.update(step="counts", started=started)
                timer.setInterval(0)
        elif step == "counts":
            home = controller.main_window.screens["home"]
            if home.model.rowCount() > 0:
                figures["counts_s"] = time.perf_counter() - state["started"]
                hasher = PasswordHasher()
                hashed = hasher.hash("bench-floor-password")
                verify_started = time.perf_counter()
                hasher.verify(hashed, "bench-floor-password")
                figures["verify_s"] = time.perf_counter() - verify_started
                timer.stop()
                QApplication.quit()

    timer.timeout.connect(tick)
    timer.start(0)


def bare_qt(env: dict[str, str]) -> float:
    spawned_at = time.time()
    output = subprocess.run(
        [sys.executable, "-c", BARE_QT, str(spawned_at)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=1_600_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", type=Path)
    parser.add_argument("--spawned-at", type=float)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.spawned_at)
        return
    harness.start("startup", seconds=120 + 30 * args.runs)
    from bench.register import register_dir

    data_dir = register_dir(args.residents)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    runs, floors = [], []
    for _ in range(args.runs):
        floors.append(bare_qt(env))
        spawned_at = time.time()
        output = subprocess.run(
            [sys.executable, __file__, "--child", str(data_dir), "--spawned-at", str(spawned_at)],
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
        )
        if output.returncode != 0:
            raise SystemExit(f"bench: a run failed ({output.returncode}):\n{output.stderr}")
        runs.append(json.loads(output.stdout.strip().splitlines()[-1]))
    size_mb = (data_dir / "kenshin.db").stat().st_size / 1e6
    print(f"store: {args.residents:,} residents, {size_mb:,.0f} MB, {args.runs} runs")
    print("bare_qt_s: " + " ".join(f"{value:.3f}" for value in floors))
    for name in ("window_s", "login_s", "counts_s", "check_s", "verify_s"):
        values = [run[name] for run in runs]
        print(
            f"{name}: median {statistics.median(values):.3f} max {max(values):.3f} "
            f"runs {' '.join(f'{value:.3f}' for value in values)}"
        )
    window = statistics.median(run["window_s"] for run in runs)
    login = statistics.median(run["login_s"] for run in runs)
    verify = statistics.median(run["verify_s"] for run in runs)
    bare = statistics.median(floors)
    harness.floor("bare PySide6 process showing one QWidget (spawn to exposed)", window_s=bare)
    harness.floor("one argon2id verify, production parameters (t=3, m=64 MiB, p=4)", login_s=verify)
    print(
        f"targets: window_s {window:.3f} <= 1.0 ({window / bare:.2f}x the floor); "
        f"login_s {login:.3f} <= 0.3 ({login / verify:.2f}x the verify alone)"
    )
    harness.finish(
        "startup",
        window_s=window,
        login_s=login,
        counts_s=statistics.median(run["counts_s"] for run in runs),
    )


if __name__ == "__main__":
    main()
