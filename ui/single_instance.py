"""One desk per data folder: a second start on the same store is refused, not run beside it.

Two processes on one store would each sync, each lock the screen on its own timer, and each
restart the write-ahead log under the other's feet. Qt's QLockFile names the holder's process,
so a lock left by a desk that was killed or crashed is taken over at the next start.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QLockFile

from app.domain.errors import KenshinError
from ui.i18n import N_

LOCK_FILE = "kenshin.lock"
ALREADY_RUNNING = N_(
    "健診デスクはこの端末ですでに起動しています（同じデータフォルダでは1つだけ起動できます）。"
    "タスクバーにある健診デスクの画面を使ってください。"
)


class DeskAlreadyRunning(KenshinError):
    def __init__(self) -> None:
        super().__init__(ALREADY_RUNNING)


@contextmanager
def one_desk_per_folder(data_dir: Path) -> Iterator[None]:
    """Hold the folder's lock for the life of the desk; DeskAlreadyRunning if another has it."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = QLockFile(str(data_dir / LOCK_FILE))
    lock.setStaleLockTime(0)  # never stale by age: only once its process is gone
    if not lock.tryLock(0):
        raise DeskAlreadyRunning()
    try:
        yield
    finally:
        lock.unlock()
