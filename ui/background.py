"""Slow work off the GUI thread: one helper, with progress, cancel, and results on the GUI thread.

The work runs on a pool thread and touches no widget: it calls a service, which opens its own
unit of work. Everything it reports travels as a queued signal to a `BackgroundTask` that
lives on the GUI thread, and only there are the caller's callbacks run.

Lifetimes are what makes this safe:
- a task is held in a module-level registry until Qt deletes it (`deleteLater`, once its
  result is delivered), so Python never collects it while its work runs, nor inside its slot;
- it has no Qt parent, so deleting the screen that started it (a logout drops the whole main
  window) cannot delete it under the worker; the screen's destruction cancels it instead;
- the work, the callbacks and the outcome are held by the task and let go on the GUI thread,
  so the last reference to a widget they capture is never dropped on the pool thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")

PROGRESS_INTERVAL_S = 0.05
_alive: dict[int, BackgroundTask] = {}


class Progress:
    """What the work is handed: report `(done, total)` and ask whether it was cancelled.

    Calling it reports, so it can be passed straight to a service's `progress=` argument.
    Reports are throttled to one per PROGRESS_INTERVAL_S; the first and the last always go.
    """

    def __init__(self, task: BackgroundTask) -> None:
        self._task = task
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if 0 < done < total and now - self._last < PROGRESS_INTERVAL_S:
            return
        self._last = now
        self._task._progressed.emit(done, total)

    def cancelled(self) -> bool:
        return self._task.is_cancelled()


class BackgroundTask(QObject):
    """One run of background work, living on the GUI thread; `finished` comes last, always."""

    progress = Signal(int, int)
    finished = Signal()
    _progressed = Signal(int, int)
    _completed = Signal()

    def __init__(
        self,
        parent: QObject,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        super().__init__(None)  # no parent: see the module docstring
        self._owner: QObject | None = parent
        self._work: Callable[[Progress], Any] | None = work
        self._on_done: Callable[[Any], None] | None = on_done
        self._on_error: Callable[[BaseException], None] | None = on_error
        self._outcome: tuple[bool, Any] | None = None
        self._cancel = threading.Event()
        self._delivered = False
        key = id(self)
        _alive[key] = self
        # By `destroyed` the wrapper is already invalidated, so dropping it deletes nothing.
        self.destroyed.connect(lambda: _alive.pop(key, None))
        self._progressed.connect(self._on_progressed)
        self._completed.connect(self._on_completed)
        parent.destroyed.connect(self._on_owner_destroyed)

    def cancel(self) -> None:
        """Ask the work to stop; whatever it returns or raises afterwards is dropped."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        """True until the result (or its dropping) has been handled on the GUI thread."""
        return not self._delivered

    def _wanted(self) -> bool:
        owner = self._owner
        return not self.is_cancelled() and owner is not None and shiboken6.isValid(owner)

    def _run_work(self) -> None:
        """Called on the pool thread: keep the outcome here for the GUI thread to collect."""
        assert self._work is not None
        try:
            self._outcome = (True, self._work(Progress(self)))
        except BaseException as error:  # even a bug is reported on the GUI thread, not lost here
            self._outcome = (False, error)
        self._completed.emit()

    @Slot()
    def _on_owner_destroyed(self) -> None:
        self.cancel()

    @Slot(int, int)
    def _on_progressed(self, done: int, total: int) -> None:
        if self._wanted():
            self.progress.emit(done, total)

    @Slot()
    def _on_completed(self) -> None:
        wanted = self._wanted()
        outcome, on_done, on_error = self._outcome, self._on_done, self._on_error
        self._outcome = self._work = self._on_done = self._on_error = self._owner = None
        try:
            if wanted and outcome is not None and on_done is not None and on_error is not None:
                ok, value = outcome
                if ok:
                    on_done(value)
                else:
                    on_error(value)
        finally:
            self._delivered = True
            self.finished.emit()
            self.deleteLater()


class _Runner(QRunnable):
    """The pool's side; it holds only the task, so nothing but the task dies with it here."""

    def __init__(self, task: BackgroundTask) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run_work()


def run_in_background(
    parent: QObject,
    work: Callable[[Progress], T],
    *,
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None],
) -> BackgroundTask:
    """Run `work` on a pool thread; `on_done`/`on_error` run on the GUI thread.

    Neither callback runs once the task is cancelled or `parent` is destroyed.
    """
    task = BackgroundTask(parent, work, on_done, on_error)
    QThreadPool.globalInstance().start(_Runner(task))
    return task


def running_tasks() -> int:
    """How many tasks have not yet delivered their result (for shutdown and tests)."""
    return sum(task.is_running() for task in list(_alive.values()) if shiboken6.isValid(task))


def wait_for_all(timeout_ms: int = 5000) -> bool:
    """Block until every pool thread is idle; queued results are delivered by the event loop."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
