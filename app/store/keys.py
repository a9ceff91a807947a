"""The store's 256-bit raw key and where it lives: the OS keyring, one entry per data directory."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail

from app.store.errors import KeyringUnavailable

SERVICE = "kenshin-desk"
# Windows Credential Manager (wincred.h): keyring's WinVaultKeyring writes with
# CRED_PERSIST_ENTERPRISE unless told otherwise, and an enterprise credential travels with a
# roaming profile to every PC the user logs on to. The store key stays on this PC.
CRED_PERSIST_LOCAL_MACHINE = 2
WINDOWS_BACKEND_MODULE = "keyring.backends.Windows"


class StoreKey:
    """A raw SQLCipher key. Its repr never shows the bytes, so a traceback cannot leak it."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        if len(raw) != 32:
            raise ValueError("a store key is 32 bytes")
        self._raw = raw

    @classmethod
    def generate(cls) -> StoreKey:
        return cls(secrets.token_bytes(32))

    @classmethod
    def from_text(cls, text: str) -> StoreKey:
        return cls(bytes.fromhex(text))

    def as_text(self) -> str:
        return self._raw.hex()

    def pragma(self) -> str:
        """The raw-key form (x'…'): no KDF at open, no quoting pitfalls."""
        return f"PRAGMA key = \"x'{self._raw.hex()}'\""

    def __repr__(self) -> str:
        return "StoreKey(<hidden>)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoreKey) and secrets.compare_digest(self._raw, other._raw)

    def __hash__(self) -> int:
        return hash(hashlib.sha256(self._raw).digest())


def entry_name(data_dir: Path) -> str:
    """One keyring entry per data directory, named by its absolute path."""
    return f"store:{data_dir.expanduser().resolve()}"


def token_entry_name(data_dir: Path) -> str:
    """The device token's keyring entry: beside the store key, one per data directory."""
    return f"device:{data_dir.expanduser().resolve()}"


class KeyringKeyStore:
    """Reads and writes store keys through a `keyring` backend (the OS one unless given)."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend or keyring.get_keyring()
        if isinstance(self._backend, fail.Keyring):
            raise KeyringUnavailable()
        keep_on_this_machine(self._backend)

    @property
    def backend_name(self) -> str:
        return type(self._backend).__name__

    def load(self, data_dir: Path) -> StoreKey | None:
        try:
            text = self._backend.get_password(SERVICE, entry_name(data_dir))
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailable() from error
        return None if text is None else StoreKey.from_text(text)

    def create(self, data_dir: Path) -> StoreKey:
        """Make and keep a new key; refuses to overwrite one (that would orphan a store)."""
        if self.load(data_dir) is not None:
            raise FileExistsError("a key already exists for this data directory")
        key = StoreKey.generate()
        try:
            self._backend.set_password(SERVICE, entry_name(data_dir), key.as_text())
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailable() from error
        return key

    def delete(self, data_dir: Path) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(SERVICE, entry_name(data_dir))

    def load_device_token(self, data_dir: Path) -> str | None:
        try:
            return self._backend.get_password(SERVICE, token_entry_name(data_dir))
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailable() from error

    def save_device_token(self, data_dir: Path, token: str) -> None:
        """Kept (or replaced, at re-enrolment) in the keyring, never in the store or a log."""
        try:
            self._backend.set_password(SERVICE, token_entry_name(data_dir), token)
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailable() from error

    def delete_device_token(self, data_dir: Path) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(SERVICE, token_entry_name(data_dir))


class DemoFileKeyring(keyring.backend.KeyringBackend):
    """Demo-only keyring for machines with no OS keyring (headless Linux, CI).

    The file sits outside the data directory, readable by its owner only. Production refuses to
    run without an OS keyring; only `healthdesk demo` and `seed-demo` fall back to this.
    """

    priority = 0.5

    def __init__(self, path: Path) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._path = path

    def _read(self) -> dict[str, Any]:
        if not self._path.exists():
            return {}
        loaded: dict[str, Any] = json.loads(self._path.read_text(encoding="utf-8"))
        return loaded

    def _write(self, data: dict[str, Any]) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)

    def get_password(self, service: str, username: str) -> str | None:
        value = self._read().get(f"{service}\n{username}")
        return None if value is None else str(value)

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._read()
        data[f"{service}\n{username}"] = password
        self._write(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._read()
        if data.pop(f"{service}\n{username}", None) is None:
            raise keyring.errors.PasswordDeleteError(username)
        self._write(data)


def windows_vaults(backend: keyring.backend.KeyringBackend) -> list[Any]:
    """The Windows Credential Manager backends in `backend`: itself, or those it chains.

    Looked up in `sys.modules`, never imported: a WinVaultKeyring exists only once keyring has
    loaded its module, so elsewhere (Linux, macOS) nothing Windows-only is touched.
    """
    vault = getattr(sys.modules.get(WINDOWS_BACKEND_MODULE), "WinVaultKeyring", None)
    if vault is None:
        return []
    backends = backend.backends if isinstance(backend, chainer.ChainerBackend) else [backend]
    return [each for each in backends if isinstance(each, vault)]


def keep_on_this_machine(backend: keyring.backend.KeyringBackend) -> None:
    """Credential Manager entries written through `backend` persist on this PC, never roaming.

    Refuses (KeyringUnavailable) rather than write a key that could leave the machine.
    """
    for vault in windows_vaults(backend):
        try:
            vault.persist = CRED_PERSIST_LOCAL_MACHINE
            kept = vault.persist == CRED_PERSIST_LOCAL_MACHINE
        except Exception as error:
            raise KeyringUnavailable() from error
        if not kept:
            raise KeyringUnavailable()


def system_backend_available() -> bool:
    return not isinstance(keyring.get_keyring(), fail.Keyring)
