"""The store is a real SQLCipher file, refused unchanged when its key or bytes are wrong."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from app.bootstrap import STORE_FILE, StoreMissing, open_desk, open_engine, set_aside_store
from app.domain.programs import from_settings
from app.store import migrate
from app.store.engine import check_store_file
from app.store.errors import (
    StoreCorrupted,
    StoreError,
    StoreKeyMissing,
    StoreNotEncrypted,
    StoreWrongKey,
)
from app.store.keys import KeyringKeyStore, StoreKey, entry_name
from tests.support import MemoryKeyring, make_desk


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def store(tmp_path: Path, keyring_backend: MemoryKeyring) -> Path:
    desk = make_desk(tmp_path / "data", keys=KeyringKeyStore(keyring_backend), residents=50)
    desk.close()
    return tmp_path / "data" / STORE_FILE


@pytest.fixture
def key(store: Path, keyring_backend: MemoryKeyring) -> StoreKey:
    loaded = KeyringKeyStore(keyring_backend).load(store.parent)
    assert loaded is not None
    return loaded


def test_a_new_store_is_encrypted_and_readable_by_its_owner_only(store: Path) -> None:
    assert not store.read_bytes().startswith(b"SQLite format 3")
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(store).execute("SELECT count(*) FROM sqlite_schema").fetchone()


def test_the_key_lives_in_the_keyring_as_one_entry_per_data_directory(
    store: Path, keyring_backend: MemoryKeyring
) -> None:
    assert list(keyring_backend.entries) == [("kenshin-desk", entry_name(store.parent))]
    key_text = next(iter(keyring_backend.entries.values()))
    assert len(bytes.fromhex(key_text)) == 32
    assert key_text not in repr(StoreKey.from_text(key_text))


def test_the_engine_url_and_its_repr_carry_no_key(
    store: Path, keyring_backend: MemoryKeyring
) -> None:
    engine = open_engine(store.parent, KeyringKeyStore(keyring_backend))
    key_text = next(iter(keyring_backend.entries.values()))
    assert key_text not in repr(engine) and key_text not in str(engine.url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM residents")).scalar() == 50
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert str(connection.execute(text("PRAGMA cipher_version")).scalar()).startswith("4.")
    engine.dispose()


def test_a_wrong_key_is_refused_and_the_file_is_unchanged(store: Path) -> None:
    before = sha(store)
    for _ in range(5):
        with pytest.raises(StoreWrongKey) as refused:
            check_store_file(store, StoreKey.generate())
        assert "暗号鍵" in refused.value.message
    assert sha(store) == before


def test_a_missing_key_is_reported_and_the_store_is_kept(
    store: Path, keyring_backend: MemoryKeyring
) -> None:
    before = sha(store)
    keyring_backend.entries.clear()
    with pytest.raises(StoreKeyMissing) as refused:
        open_engine(store.parent, KeyringKeyStore(keyring_backend), create=True)
    assert "削除せず" in refused.value.message
    assert store.exists() and sha(store) == before
    assert keyring_backend.entries == {}, "no new key may be made over an existing store"


def test_a_keyless_store_is_set_aside_unchanged_and_a_new_one_takes_its_place(
    store: Path, keyring_backend: MemoryKeyring
) -> None:
    before = sha(store)
    keyring_backend.entries.clear()
    folder = set_aside_store(store.parent)
    assert folder.parent == store.parent and not store.exists()
    assert sha(folder / STORE_FILE) == before  # kept byte for byte, never deleted
    keys = KeyringKeyStore(keyring_backend)
    engine = open_engine(store.parent, keys, create=True)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM residents")).scalar() == 0
    engine.dispose()
    assert sha(folder / STORE_FILE) == before


def test_no_store_and_no_create_asks_for_enrollment(tmp_path: Path) -> None:
    with pytest.raises(StoreMissing):
        open_engine(tmp_path, KeyringKeyStore(MemoryKeyring()))


def test_a_plain_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    plain = tmp_path / STORE_FILE
    connection = sqlite3.connect(plain)
    connection.execute("CREATE TABLE t (a)")
    connection.commit()
    connection.close()
    before = sha(plain)
    with pytest.raises(StoreNotEncrypted):
        check_store_file(plain, StoreKey.generate())
    assert sha(plain) == before


def test_a_truncated_store_is_refused_unchanged(store: Path, key: StoreKey, tmp_path: Path) -> None:
    for cut in (0, 100, 4096 + 17, store.stat().st_size // 2 + 5):
        copy = tmp_path / f"cut-{cut}.db"
        copy.write_bytes(store.read_bytes()[:cut])
        before = sha(copy)
        with pytest.raises(StoreError):
            check_store_file(copy, key)
        assert sha(copy) == before


def test_single_byte_flips_anywhere_past_the_header_are_refused(
    store: Path, key: StoreKey, tmp_path: Path
) -> None:
    data, rng = store.read_bytes(), random.Random(7)
    for trial in range(20):
        offset = rng.randrange(16, len(data))
        flipped = bytearray(data)
        flipped[offset] ^= 1 << rng.randrange(8)
        copy = tmp_path / f"flip-{trial}.db"
        copy.write_bytes(bytes(flipped))
        with pytest.raises((StoreCorrupted, StoreWrongKey)):
            check_store_file(copy, key)
        assert copy.read_bytes() == bytes(flipped)


def test_migrations_upgrade_an_encrypted_file_and_match_the_models(
    store: Path, keyring_backend: MemoryKeyring
) -> None:
    engine = open_engine(store.parent, KeyringKeyStore(keyring_backend))
    assert migrate.current_revision(engine) == migrate.head_revision()
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection  # type: ignore[attr-defined]
        command.upgrade(config, "head")  # type: ignore[arg-type]
        command.check(config)  # type: ignore[arg-type]
    engine.dispose()


def test_a_store_tampered_deep_inside_opens_for_the_gui_but_no_work_starts(
    store: Path, keyring_backend: MemoryKeyring
) -> None:
    """The GUI opens at once while the page check runs; the check's refusal stops every use case."""
    data = bytearray(store.read_bytes())
    data[len(data) - 100] ^= 0xFF
    store.write_bytes(bytes(data))
    desk = open_desk(store.parent, KeyringKeyStore(keyring_backend))
    try:
        assert desk.desk.workstation_info()[0]  # the login window's facts still show
        with pytest.raises(StoreCorrupted):
            desk.auth.login("clerk1", "hinode-sakura-01")
        assert store.read_bytes() == bytes(data)
    finally:
        desk.close()


def test_a_new_store_holds_the_roles_and_the_ten_default_programs(
    store: Path, keyring_backend: MemoryKeyring
) -> None:
    engine = open_engine(store.parent, KeyringKeyStore(keyring_backend))
    with engine.connect() as connection:
        roles = {row[0] for row in connection.execute(text("SELECT code FROM roles"))}
        programs = dict(connection.execute(text("SELECT code, settings FROM programs")).all())
    engine.dispose()
    assert roles == {"clerk", "supervisor", "admin"}
    assert len(programs) == 10 and "stomach_endo" in programs
    assert from_settings(json.loads(programs["breast"])).sex == "F"
