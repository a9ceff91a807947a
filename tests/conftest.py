"""Fixtures: a real encrypted desk on a fresh SQLCipher file per test; hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from app.bootstrap import Desk
from tests.support import SettableClock, make_desk

# CI runs a fixed example set (no flaky landings); locally each run explores new examples.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
def desk(tmp_path: Path, clock: SettableClock) -> Iterator[Desk]:
    built = make_desk(tmp_path / "data", clock=clock)
    yield built
    built.close()
