"""The store key never roams: Windows Credential Manager entries persist on the local machine.

keyring's WinVaultKeyring writes with CRED_PERSIST_ENTERPRISE by default, which copies the
credential into a roaming profile. These tests stand a fake `keyring.backends.Windows` module
in `sys.modules` (the real one needs win32cred), so they run on any platform.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import keyring.backend
import pytest
from keyring.backends import chainer

from app.store.errors import KeyringUnavailable
from app.store.keys import (
    CRED_PERSIST_LOCAL_MACHINE,
    WINDOWS_BACKEND_MODULE,
    DemoFileKeyring,
    KeyringKeyStore,
)

CRED_PERSIST_ENTERPRISE = 3  # wincred.h; keyring's default


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A plain backend, recording the `persist` value each entry was written with."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.written_with: dict[str, Any] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[service, username] = password
        self.written_with[username] = getattr(self, "persist", None)

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


class FakeWinVaultKeyring(MemoryKeyring):
    """Stands in for keyring.backends.Windows.WinVaultKeyring: enterprise until told."""

    persist: Any = CRED_PERSIST_ENTERPRISE


class StubbornWinVaultKeyring(FakeWinVaultKeyring):
    """A vault whose persistence cannot be changed."""

    @property  # type: ignore[override]
    def persist(self) -> Any:
        return CRED_PERSIST_ENTERPRISE

    @persist.setter
    def persist(self, value: Any) -> None:
        del value


class OtherWithPersist(MemoryKeyring):
    """Not a Windows vault, though it happens to have an attribute of that name."""

    persist = "whatever it means here"


@pytest.fixture
def windows_module(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    module = types.ModuleType(WINDOWS_BACKEND_MODULE)
    module.WinVaultKeyring = FakeWinVaultKeyring  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, WINDOWS_BACKEND_MODULE, module)
    return module


def test_the_windows_vault_is_set_to_local_machine_before_the_key_is_written(
    windows_module: types.ModuleType, tmp_path: Path
) -> None:
    vault = FakeWinVaultKeyring()
    keys = KeyringKeyStore(vault)
    assert vault.persist == CRED_PERSIST_LOCAL_MACHINE == 2
    keys.create(tmp_path)
    keys.save_device_token(tmp_path, "token")
    assert set(vault.written_with.values()) == {CRED_PERSIST_LOCAL_MACHINE}
    assert FakeWinVaultKeyring.persist == CRED_PERSIST_ENTERPRISE  # the instance, not the class


def test_a_windows_vault_behind_the_chainer_is_set_too(
    windows_module: types.ModuleType,
) -> None:
    vault, other = FakeWinVaultKeyring(), OtherWithPersist()

    class Chain(chainer.ChainerBackend):
        backends = [other, vault]  # type: ignore[assignment]

    KeyringKeyStore(Chain())
    assert vault.persist == CRED_PERSIST_LOCAL_MACHINE
    assert other.persist == "whatever it means here"


def test_a_vault_that_will_not_keep_the_key_local_is_refused(
    windows_module: types.ModuleType,
) -> None:
    with pytest.raises(KeyringUnavailable):
        KeyringKeyStore(StubbornWinVaultKeyring())


def test_other_backends_are_left_alone(windows_module: types.ModuleType, tmp_path: Path) -> None:
    other, plain = OtherWithPersist(), MemoryKeyring()
    KeyringKeyStore(other).create(tmp_path)
    KeyringKeyStore(plain)
    demo = DemoFileKeyring(tmp_path / "demo.json")
    KeyringKeyStore(demo)
    assert other.persist == "whatever it means here"
    assert not hasattr(plain, "persist")
    assert not hasattr(demo, "persist")


def test_nothing_windows_only_is_imported_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delitem(sys.modules, WINDOWS_BACKEND_MODULE, raising=False)
    plain = MemoryKeyring()
    KeyringKeyStore(plain).create(tmp_path)
    assert WINDOWS_BACKEND_MODULE not in sys.modules
    assert not hasattr(plain, "persist")
