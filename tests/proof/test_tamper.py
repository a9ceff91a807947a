"""Proof (issue 8): a tampered store is refused at open; an older copy swapped in is caught.

1. One hundred single-byte flips, at seeded random positions over a real store with data (the
   key-derivation salt, the rest of page 1, the middle, the last page, the IV and HMAC bytes at
   the end of pages, anywhere), each on a fresh copy: every one refused at open with a Japanese
   message, the file byte for byte as it was. The store the app leaves when it is not running
   has no WAL; the WAL a crash leaves has its own proof below (SQLite itself would silently
   drop every transaction after a damaged frame, so the store checks the WAL first).
2. An enrolled desk whose store is replaced by an older copy of itself: its own chain is
   consistent, so only the server's checkpoint can tell, and it does at the next sync round
   (the one the desk runs right after a login), before and after the old copy grows past it.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import ssl
import struct
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import text

from app.bootstrap import STORE_FILE, Desk, build_desk, open_desk, open_engine
from app.services.dto import StaffSession
from app.services.errors import AuthenticationFailed
from app.store.errors import StoreCorrupted, StoreError, StoreWrongKey
from app.store.keys import KeyringKeyStore, StoreKey, entry_name
from app.store.wal import FRAME_HEADER, WAL_HEADER
from app.sync.engine import AUDIT_ROLLBACK
from app.sync.transport import ServerClient, pinned_context
from server.tls import TlsFiles, write_demo_tls
from tests.e2e.harness import ServerHandle, login, restore_store, save_store, start_server
from tests.support import PASSWORDS, MemoryKeyring, cheap_hasher, make_desk

PAGE = 4096
RESERVE = 80  # SQLCipher 4 at the end of every page: 16-byte IV, 64-byte HMAC-SHA512
FLIPS = 100
SEED = 20261126
WAL = STORE_FILE + "-wal"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def japanese(message: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in message)


class Stores:
    """Copies of one store, each in its own data directory with the key in the keyring."""

    def __init__(self, root: Path, backend: MemoryKeyring, key: StoreKey) -> None:
        self.root, self.backend, self.key = root, backend, key
        self.keys = KeyringKeyStore(backend)
        self.made = 0

    def copy(self, files: dict[str, bytes]) -> Path:
        self.made += 1
        directory = self.root / f"copy-{self.made:03d}"
        directory.mkdir(mode=0o700)
        for name, data in files.items():
            (directory / name).write_bytes(data)
        self.backend.entries[("kenshin-desk", entry_name(directory))] = self.key.as_text()
        return directory

    def open(self, directory: Path) -> int:
        """Open as the app does (header, WAL and every page checked first): audit events held."""
        engine = open_engine(directory, self.keys)
        try:
            with engine.connect() as connection:
                return int(connection.execute(text("SELECT count(*) FROM audit_events")).scalar())
        finally:
            engine.dispose()

    def refused(self, directory: Path) -> StoreError:
        """Opening must fail with a Japanese message and leave every file as it was."""
        before = {path.name: sha(path) for path in directory.glob(STORE_FILE + "*")}
        with pytest.raises(StoreError) as refusal:
            self.open(directory)
        message = refusal.value.message
        assert japanese(message) and "変更していません" in message, message
        after = {path.name: sha(path) for path in directory.glob(STORE_FILE + "*")}
        # The read-only check may add an empty WAL index (-shm) or WAL, never change a byte.
        assert {name: after[name] for name in before} == before
        for extra in set(after) - set(before):
            assert extra == STORE_FILE + "-shm" or (directory / extra).stat().st_size == 0
        return refusal.value


def do_some_work(desk: Desk, logins: int) -> None:
    """Committed transactions, each with audit events: logins, failed logins, audit reads."""
    for number in range(logins):
        session = desk.auth.login("supervisor", PASSWORDS["supervisor"])
        desk.audit.recent(session, limit=5)
        with pytest.raises(AuthenticationFailed):
            desk.auth.login(f"nobody-{number}", f"wrong-{number}")


@pytest.fixture
def backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def closed_store(tmp_path: Path, backend: MemoryKeyring) -> tuple[bytes, StoreKey]:
    """A real store with data, as the app leaves it when it is closed: no WAL beside it."""
    keys = KeyringKeyStore(backend)
    desk = make_desk(tmp_path / "data", keys=keys, residents=60)
    do_some_work(desk, 3)
    desk.close()
    key = keys.load(tmp_path / "data")
    assert key is not None
    assert not (tmp_path / "data" / WAL).exists(), "a closed store keeps no WAL"
    return (tmp_path / "data" / STORE_FILE).read_bytes(), key


def flip_positions(size: int, rng: random.Random) -> list[tuple[str, int]]:
    """Exactly FLIPS distinct offsets, a fixed number in each region that matters."""
    pages = size // PAGE
    middle = (pages // 2) * PAGE
    regions = [
        ("salt", 8, lambda: rng.randrange(0, 16)),
        ("page 1", 12, lambda: rng.randrange(16, PAGE)),
        ("middle page", 10, lambda: middle + rng.randrange(PAGE)),
        ("last page", 10, lambda: size - PAGE + rng.randrange(PAGE)),
        ("IV/HMAC", 10, lambda: rng.randrange(pages) * PAGE + PAGE - RESERVE + rng.randrange(80)),
        ("anywhere", 50, lambda: rng.randrange(size)),
    ]
    chosen: dict[int, str] = {}
    for name, count, pick in regions:
        taken = 0
        while taken < count:
            offset = pick()
            if offset not in chosen:
                chosen[offset], taken = name, taken + 1
    assert len(chosen) == FLIPS
    return sorted((name, offset) for offset, name in chosen.items())


def test_one_hundred_single_byte_flips_are_each_refused_at_open_and_change_nothing(
    closed_store: tuple[bytes, StoreKey], backend: MemoryKeyring, tmp_path: Path
) -> None:
    data, key = closed_store
    stores = Stores(tmp_path / "copies", backend, key)
    (tmp_path / "copies").mkdir()
    held = stores.open(stores.copy({STORE_FILE: data}))  # the control opens
    assert held > 5

    rng = random.Random(SEED)
    verdicts: Counter[str] = Counter()
    for region, offset in flip_positions(len(data), rng):
        flipped = bytearray(data)
        flipped[offset] ^= rng.randrange(1, 256)  # one byte changed, one to eight bits of it
        directory = stores.copy({STORE_FILE: bytes(flipped)})
        refusal = stores.refused(directory)
        assert isinstance(refusal, StoreCorrupted | StoreWrongKey), (region, offset)
        verdicts[f"{region}: {type(refusal).__name__}"] += 1
    assert sum(verdicts.values()) == FLIPS
    # A flip in page 1 or the salt spoils the key check itself; deeper pages fail their HMAC.
    assert verdicts["salt: StoreWrongKey"] == 8
    assert verdicts["last page: StoreCorrupted"] == 10


def test_the_gui_open_refuses_a_flipped_store_before_any_work(
    closed_store: tuple[bytes, StoreKey], backend: MemoryKeyring, tmp_path: Path
) -> None:
    """The GUI opens at once and checks pages beside the login window: a flipped middle page
    stops the login itself, a flipped salt stops the opening."""
    data, key = closed_store
    (tmp_path / "copies").mkdir()
    stores = Stores(tmp_path / "copies", backend, key)
    for offset in (5, len(data) // 2 + 123, len(data) - 3):
        flipped = bytearray(data)
        flipped[offset] ^= 0x40
        directory = stores.copy({STORE_FILE: bytes(flipped)})
        try:
            desk = open_desk(directory, stores.keys)
        except StoreWrongKey as refusal:
            assert offset < 16 and japanese(refusal.message)
        else:
            try:
                with pytest.raises(StoreCorrupted):
                    desk.auth.login("clerk1", PASSWORDS["clerk1"])
            finally:
                desk.close()
        assert (directory / STORE_FILE).read_bytes() == bytes(flipped)


# ---------------------------------------------------------------- the WAL a crash leaves


def wal_frames(wal: bytes) -> list[tuple[int, bool]]:
    """(offset, is a commit frame) of every frame."""
    size = FRAME_HEADER + PAGE
    return [
        (start, struct.unpack(">I", wal[start + 4 : start + 8])[0] != 0)
        for start in range(WAL_HEADER, len(wal) - size + 1, size)
    ]


@pytest.fixture
def crash_image(tmp_path: Path, backend: MemoryKeyring) -> tuple[dict[str, bytes], StoreKey]:
    """The store and its WAL as a crash leaves them: every transaction committed, none yet
    checkpointed into the store (the desk is still running when the files are taken)."""
    keys = KeyringKeyStore(backend)
    desk = make_desk(tmp_path / "data", keys=keys, residents=60)
    desk.engine.dispose()  # the seed is checkpointed; what follows lives in the WAL
    do_some_work(desk, 8)
    directory = tmp_path / "data"
    files = {name: (directory / name).read_bytes() for name in (STORE_FILE, WAL)}
    desk.close()
    key = keys.load(directory)
    assert key is not None
    return files, key


def test_a_flipped_wal_frame_that_would_silently_drop_committed_work_is_refused(
    crash_image: tuple[dict[str, bytes], StoreKey], backend: MemoryKeyring, tmp_path: Path
) -> None:
    """SQLite stops reading a WAL at the first frame whose checksum fails and drops the rest
    without a word; the store refuses instead whenever a later transaction proves the damaged
    one had been committed and synced (a header flip, or any frame before the last commit but
    one). The magic number's byte-order bit and twenty-four seeded flips there, each refused
    with every file unchanged."""
    files, key = crash_image
    (tmp_path / "copies").mkdir()
    stores = Stores(tmp_path / "copies", backend, key)
    everything = stores.open(stores.copy(files))  # the control: recovery keeps every commit
    wal = files[WAL]
    frames = wal_frames(wal)
    commits = [start for start, commit in frames if commit]
    assert len(commits) >= 10, "the WAL holds the work's transactions"
    provable = commits[-2]  # damage before this frame is followed by two intact commits

    rng = random.Random(SEED + 1)
    offsets = sorted(rng.sample(range(WAL_HEADER), 4) + rng.sample(range(WAL_HEADER, provable), 20))
    flips = [(3, 0x01)]  # the magic number's low bit: it names the checksums' byte order
    flips += [(offset, rng.randrange(1, 256)) for offset in offsets]
    for offset, mask in flips:
        flipped = bytearray(wal)
        flipped[offset] ^= mask
        directory = stores.copy({STORE_FILE: files[STORE_FILE], WAL: bytes(flipped)})
        refusal = stores.refused(directory)
        assert isinstance(refusal, StoreCorrupted) and "-wal" in refusal.message, offset
    assert everything == stores.open(stores.copy(files))


def test_damage_to_the_last_transaction_in_the_wal_reads_as_a_torn_write(
    crash_image: tuple[dict[str, bytes], StoreKey], backend: MemoryKeyring, tmp_path: Path
) -> None:
    """The limit of the WAL check, stated: a power cut can tear the last transaction only, and
    a flipped byte in it looks the same, so the store opens without that one transaction (as
    SQLite recovers it). An audit event already pushed is still caught by the server's
    checkpoint; one not yet pushed is lost with its transaction."""
    files, key = crash_image
    (tmp_path / "copies").mkdir()
    stores = Stores(tmp_path / "copies", backend, key)
    everything = stores.open(stores.copy(files))
    wal = files[WAL]
    last_start = [start for start, commit in wal_frames(wal) if commit][-2] + FRAME_HEADER + PAGE
    flipped = bytearray(wal)
    flipped[last_start + FRAME_HEADER + 100] ^= 0x01
    directory = stores.copy({STORE_FILE: files[STORE_FILE], WAL: bytes(flipped)})
    assert stores.open(directory) < everything


# ---------------------------------------------------------------- an older copy swapped in


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    with start_server(tmp_path_factory.mktemp("server"), residents=40) as handle:
        yield handle


def enrolled_desk(server: ServerHandle, directory: Path, keys: KeyringKeyStore) -> Desk:
    engine = open_engine(directory, keys, create=True)
    desk = build_desk(
        engine, hasher=cheap_hasher(), workstation="desk-r", keys=keys, data_dir=directory
    )
    desk.enrollment.enroll(server.url, server.code("desk-r"), server.ca_pem, "desk-r")
    return desk


def reopen(directory: Path, keys: KeyringKeyStore) -> Desk:
    """As the app starts: every check at open, then the desk."""
    engine = open_engine(directory, keys)
    return build_desk(
        engine, hasher=cheap_hasher(), workstation="desk-r", keys=keys, data_dir=directory
    )


def checkpoint(desk: Desk) -> tuple[int, str]:
    client = desk.server_client()
    assert client is not None
    try:
        answer = client.audit_checkpoint()
    finally:
        client.close()
    return answer.seq, answer.hash


def local_head(desk: Desk) -> int:
    with desk.engine.connect() as connection:
        return int(connection.execute(text("SELECT seq FROM audit_head")).scalar() or 0)


def work_and_sync(desk: Desk, session: StaffSession, reads: int) -> None:
    for _ in range(reads):
        desk.audit.recent(session, limit=3)
    report = desk.sync.sync_now(session)
    assert report.online and report.message == "", report.message


def test_an_older_copy_of_the_store_is_caught_against_the_servers_checkpoint(
    server: ServerHandle, tmp_path: Path
) -> None:
    directory, saved = tmp_path / "desk", tmp_path / "saved"
    keys = KeyringKeyStore(MemoryKeyring())
    desk = enrolled_desk(server, directory, keys)
    assert desk.sync.sync_now(None).online
    supervisor = login(desk, "supervisor")
    work_and_sync(desk, supervisor, 3)
    early = checkpoint(desk)
    assert early[0] == local_head(desk) > 0  # every event went up; the server holds the head

    save_store(desk, directory, saved)  # the copy someone keeps
    supervisor = login(desk, "supervisor")
    work_and_sync(desk, supervisor, 4)
    late = checkpoint(desk)
    assert late[0] > early[0]

    restore_store(desk, directory, saved)  # swapped back while the desk is closed
    desk.close()
    desk = reopen(directory, keys)  # a genuine old file: it passes every check at open
    try:
        assert local_head(desk) == early[0] < late[0]
        # The round the desk runs before anyone logs in, and again after a login.
        report = desk.sync.sync_now(None)
        assert report.online and report.message == AUDIT_ROLLBACK
        assert desk.sync.status().message == AUDIT_ROLLBACK  # the status bar says it, in Japanese
        supervisor = login(desk, "supervisor")
        for _ in range(late[0] - early[0] + 3):  # the old copy's chain grows past the checkpoint
            desk.audit.recent(supervisor, limit=1)
        assert local_head(desk) > late[0]
        report = desk.sync.sync_now(supervisor)
        assert report.message == AUDIT_ROLLBACK
        assert checkpoint(desk) == late, "no event of the old copy's chain is taken upstream"

        verdict = desk.audit.verify(supervisor)  # the supervisor's audit screen
        assert verdict.local.ok, "the old copy's own chain is consistent: only the server knows"
        assert not verdict.ok and verdict.server == "mismatch"
        assert "巻き戻し" in verdict.server_message
        with desk.engine.connect() as connection:
            detected = connection.execute(
                text("SELECT count(*) FROM audit_events WHERE action = 'audit_rollback_detected'")
            ).scalar()
        assert detected == 1  # recorded once per checkpoint, not once per round
    finally:
        desk.close()


def test_the_same_desk_copied_forward_is_not_flagged(server: ServerHandle, tmp_path: Path) -> None:
    """The control: a copy that is current (nothing newer reached the server) syncs cleanly."""
    directory, saved = tmp_path / "desk", tmp_path / "saved"
    keys = KeyringKeyStore(MemoryKeyring())
    desk = enrolled_desk(server, directory, keys)
    supervisor = login(desk, "supervisor")
    work_and_sync(desk, supervisor, 2)
    save_store(desk, directory, saved)
    restore_store(desk, directory, saved)
    desk.close()
    shutil.rmtree(saved)
    desk = reopen(directory, keys)
    try:
        report = desk.sync.sync_now(None)
        assert report.online and report.message == ""
    finally:
        desk.close()


# ---------------------------------------------------------------- the checkpoint's channel


class _Healthy(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def impostor(tmp_path: Path) -> Iterator[tuple[str, TlsFiles]]:
    """An HTTPS server on loopback whose certificate comes from a CA of its own."""
    tls = write_demo_tls(tmp_path / "impostor")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Healthy)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls.cert_file, tls.key_file)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", tls
    httpd.shutdown()
    httpd.server_close()


def test_the_desk_trusts_only_the_pinned_ca_so_no_other_server_can_answer_the_checkpoint(
    impostor: tuple[str, TlsFiles], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rollback check is only as good as the checkpoint: a server that answered seq 0
    would hide any rollback. The pinned CA is the only one trusted, even when the machine's
    own store (here SSL_CERT_FILE) trusts the impostor's CA. (Found while writing this proof:
    the pin had been added to the system store instead of replacing it.)"""
    url, impostor_tls = impostor
    ours = write_demo_tls(tmp_path / "ours")
    system_store = tmp_path / "system-ca.pem"
    system_store.write_text(impostor_tls.ca_pem, encoding="ascii")
    monkeypatch.setenv("SSL_CERT_FILE", str(system_store))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)

    context = pinned_context(ours.ca_pem)
    assert len(context.get_ca_certs()) == 1 and context.check_hostname
    assert ssl.create_default_context().cert_store_stats()["x509_ca"] >= 1  # the OS trusts it
    pinned = ServerClient(url, ours.ca_pem)
    fooled = ServerClient(url, impostor_tls.ca_pem)
    try:
        assert fooled.healthz(), "the impostor is up and answers whoever pins its CA"
        assert not pinned.healthz(), "a desk pinned to our CA must not talk to it"
    finally:
        pinned.close()
        fooled.close()
