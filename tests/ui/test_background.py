"""run_in_background: results and errors on the GUI thread, progress, cancel, a dead owner."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
from PySide6.QtCore import QObject, QThread
from pytestqt.qtbot import QtBot

from ui import background
from ui.background import Progress, run_in_background, wait_for_all


class Recorder:
    def __init__(self) -> None:
        self.done: list[object] = []
        self.errors: list[BaseException] = []
        self.threads: list[QThread] = []

    def on_done(self, value: object) -> None:
        self.threads.append(QThread.currentThread())
        self.done.append(value)

    def on_error(self, error: BaseException) -> None:
        self.threads.append(QThread.currentThread())
        self.errors.append(error)


@pytest.fixture
def owner(qtbot: QtBot) -> QObject:
    return QObject()


def test_the_result_arrives_on_the_gui_thread(qtbot: QtBot, owner: QObject):
    recorder = Recorder()
    worker_threads: list[QThread] = []

    def work(progress: Progress) -> int:
        worker_threads.append(QThread.currentThread())
        return 42

    task = run_in_background(owner, work, on_done=recorder.on_done, on_error=recorder.on_error)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert recorder.done == [42] and recorder.errors == []
    assert recorder.threads == [owner.thread()]
    assert worker_threads and worker_threads[0] is not owner.thread()


def test_an_exception_in_the_work_goes_to_on_error(qtbot: QtBot, owner: QObject):
    recorder = Recorder()

    def work(progress: Progress) -> int:
        raise ValueError("boom")

    task = run_in_background(owner, work, on_done=recorder.on_done, on_error=recorder.on_error)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert recorder.done == []
    assert [str(e) for e in recorder.errors] == ["boom"]


def test_progress_is_reported_throttled_with_the_last_report_always_sent(
    qtbot: QtBot, owner: QObject
):
    recorder = Recorder()
    reports: list[tuple[int, int]] = []

    def work(progress: Progress) -> str:
        for done in range(1, 10_001):
            progress(done, 10_000)
        return "ok"

    task = run_in_background(owner, work, on_done=recorder.on_done, on_error=recorder.on_error)
    task.progress.connect(lambda done, total: reports.append((done, total)))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert recorder.done == ["ok"]
    assert reports[0] == (1, 10_000) and reports[-1] == (10_000, 10_000)
    assert len(reports) < 100


def test_cancel_is_seen_by_the_work_and_drops_its_outcome(qtbot: QtBot, owner: QObject):
    recorder = Recorder()
    started = threading.Event()
    saw_cancel = threading.Event()

    def work(progress: Progress) -> str:
        started.set()
        while not progress.cancelled():
            QThread.msleep(5)
        saw_cancel.set()
        return "too late"

    task = run_in_background(owner, work, on_done=recorder.on_done, on_error=recorder.on_error)
    assert started.wait(5)
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.cancel()
    assert saw_cancel.is_set()
    assert recorder.done == [] and recorder.errors == []


def test_a_running_task_survives_garbage_collection(qtbot: QtBot, owner: QObject):
    recorder = Recorder()
    gate = threading.Event()
    finished: list[bool] = []

    def work(progress: Progress) -> str:
        assert gate.wait(5)
        return "kept"

    task = run_in_background(owner, work, on_done=recorder.on_done, on_error=recorder.on_error)
    task.finished.connect(lambda: finished.append(True))
    del task
    gc.collect()
    gate.set()
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    assert recorder.done == ["kept"]
    assert background.running_tasks() == 0


def test_destroying_the_owner_cancels_the_work_and_drops_the_result(qtbot: QtBot):
    owner = QObject()
    recorder = Recorder()
    started = threading.Event()
    saw_cancel = threading.Event()

    def work(progress: Progress) -> str:
        started.set()
        while not progress.cancelled():
            QThread.msleep(5)
        saw_cancel.set()
        return "for nobody"

    task = run_in_background(owner, work, on_done=recorder.on_done, on_error=recorder.on_error)
    assert started.wait(5)
    with qtbot.waitSignal(task.finished, timeout=5000):
        owner.deleteLater()
    assert saw_cancel.is_set()
    assert recorder.done == [] and recorder.errors == []


def test_what_the_work_and_callbacks_hold_is_let_go_on_the_gui_thread(qtbot: QtBot, owner: QObject):
    # A widget dropped on a pool thread would be deleted there and crash Qt.
    died_on: list[int] = []

    class Held:
        pass

    for _ in range(20):
        held = Held()
        weakref.finalize(held, lambda: died_on.append(threading.get_ident()))
        task = run_in_background(
            owner,
            lambda progress, held=held: held,
            on_done=lambda value, held=held: None,
            on_error=lambda error, held=held: None,
        )
        del held
        with qtbot.waitSignal(task.finished, timeout=5000):
            pass
        del task
    assert wait_for_all()
    qtbot.waitUntil(lambda: len(died_on) == 20, timeout=5000)
    assert set(died_on) == {threading.get_ident()}
