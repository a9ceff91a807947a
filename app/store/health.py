"""The full page check of a large store, run beside the login window; nothing proceeds past it."""

from __future__ import annotations

import threading
from pathlib import Path

from app.store.engine import check_store_pages
from app.store.errors import StoreError
from app.store.keys import StoreKey


class StoreHealth:
    """`cipher_integrity_check` reads every page (3 s for 1.6 million residents), so it runs on
    its own read-only connection while the login window is up; every unit of work waits for it
    and refuses to start if it failed."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._error: StoreError | None = None

    @classmethod
    def ok(cls) -> StoreHealth:
        """For a store just created: nothing to check."""
        health = cls()
        health._done.set()
        return health

    @classmethod
    def checked_now(cls, path: Path, key: StoreKey) -> StoreHealth:
        health = cls()
        health._run(path, key)
        return health

    @classmethod
    def checking_in_background(cls, path: Path, key: StoreKey) -> StoreHealth:
        health = cls()
        threading.Thread(
            target=health._run, args=(path, key), name="store-integrity", daemon=True
        ).start()
        return health

    def _run(self, path: Path, key: StoreKey) -> None:
        try:
            check_store_pages(path, key)
        except StoreError as error:
            self._error = error
        finally:
            self._done.set()

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the check is done; raise what it found."""
        if not self._done.wait(timeout):
            raise TimeoutError("store integrity check still running")
        if self._error is not None:
            raise self._error
