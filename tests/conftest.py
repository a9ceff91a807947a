"""Fixtures: a real encrypted desk on a fresh SQLCipher file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.bootstrap import Desk
from tests.support import SettableClock, make_desk


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
def desk(tmp_path: Path, clock: SettableClock) -> Iterator[Desk]:
    built = make_desk(tmp_path / "data", clock=clock)
    yield built
    built.close()
