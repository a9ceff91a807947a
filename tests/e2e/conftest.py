"""End to end: a real server process (TLS on loopback, its own CA) and real encrypted desks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.bootstrap import Desk
from tests.e2e.harness import DeskFactory, ServerHandle, start_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    with start_server(tmp_path_factory.mktemp("server"), residents=300) as handle:
        yield handle


@pytest.fixture(scope="module")
def factory(
    server: ServerHandle, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DeskFactory]:
    """Desks that live for a module (the fault tests make few and reuse them)."""
    made = DeskFactory(server, tmp_path_factory.mktemp("desks"))
    yield made
    made.close()


@pytest.fixture
def desks(server: ServerHandle, tmp_path: Path) -> Iterator[DeskFactory]:
    factory = DeskFactory(server, tmp_path)
    yield factory
    factory.close()


@pytest.fixture
def desk_a(desks: DeskFactory) -> Desk:
    return desks.new("desk-a")


@pytest.fixture
def desk_b(desks: DeskFactory) -> Desk:
    return desks.new("desk-b")
