"""The composition root: the only place that builds real adapters. Opens nothing at import.

It imports nothing heavy at import either: the login window is on show before the services,
the ORM, the sync client (httpx, the pydantic wire schema) and the admin modules are loaded,
so each function below imports what it builds (`open_desk` and `build_desk` bring them in).
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.errors import KenshinError
from app.store.errors import StoreError, StoreKeyMissing

if TYPE_CHECKING:
    import httpx
    from argon2 import PasswordHasher
    from sqlalchemy import Engine

    from app.services.admin_service import AdminService
    from app.services.audit_service import AuditService
    from app.services.auth_service import AuthService
    from app.services.batch_issuance_service import BatchIssuanceService
    from app.services.correction_service import CorrectionService
    from app.services.desk_service import DeskService
    from app.services.enrollment_service import EnrollmentService
    from app.services.entry_service import EntryService
    from app.services.followup_service import FollowupService
    from app.services.issuance_service import IssuanceService
    from app.services.lookup_service import LookupService
    from app.services.ports import Clock
    from app.services.printing_service import PrintingService
    from app.services.quality_service import QualityService
    from app.services.reminder_service import ReminderService
    from app.services.renkei_service import RenkeiService
    from app.services.retention_service import RetentionService
    from app.services.statistics_service import StatisticsService
    from app.services.sync_service import SyncService
    from app.services.target_service import TargetService
    from app.services.verification_service import VerificationService
    from app.store.health import StoreHealth
    from app.store.keys import DemoFileKeyring, KeyringKeyStore
    from app.sync.transport import ServerClient

__all__ = [
    "STORE_FILE",
    "DemoFileKeyring",
    "Desk",
    "KeyringKeyStore",
    "StoreKeyMissing",
    "StoreMissing",
    "build_desk",
    "default_data_dir",
    "demo_accounts",
    "demo_key_store",
    "open_checked",
    "open_desk",
    "open_engine",
    "production_hasher",
    "seed_demo_store",
    "set_aside_store",
]
_KEY_STORES = ("DemoFileKeyring", "KeyringKeyStore")


def __getattr__(name: str) -> Any:
    """`bootstrap.KeyringKeyStore` and `bootstrap.DemoFileKeyring`, loaded (keyring with them)
    when first asked for."""
    if name in _KEY_STORES:
        from app.store import keys

        return getattr(keys, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


STORE_FILE = "kenshin.db"
log = logging.getLogger(__name__)
PR_SET_DUMPABLE = 4  # prctl(2)


class StoreMissing(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "このパソコンにはまだデータファイルがありません。"
            "端末の登録（システム管理者が行います）を済ませてください。"
        )


def default_data_dir(*, demo: bool = False) -> Path:
    """Per-user, per-machine (not roaming) data directory."""
    name = "KenshinDeskDemo" if demo else "KenshinDesk"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / name
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / name.lower()


def demo_key_store() -> KeyringKeyStore:
    """The OS keyring when there is one; otherwise the demo-only file keyring."""
    from app.store.keys import DemoFileKeyring, KeyringKeyStore

    try:
        return KeyringKeyStore()
    except StoreError:
        path = default_data_dir(demo=True).parent / "kenshindesk-demo-keyring.json"
        return KeyringKeyStore(DemoFileKeyring(path))


@dataclass
class Desk:
    """Everything a screen may use, built once the store is open."""

    engine: Engine
    auth: AuthService
    admin: AdminService
    audit: AuditService
    desk: DeskService
    lookup: LookupService
    targets: TargetService
    entry: EntryService
    verification: VerificationService
    corrections: CorrectionService
    followups: FollowupService
    quality: QualityService
    issuance: IssuanceService
    printing: PrintingService
    batch_issuance: BatchIssuanceService
    reminders: ReminderService
    statistics: StatisticsService
    retention: RetentionService
    renkei: RenkeiService
    sync: SyncService
    enrollment: EnrollmentService
    server_client: Callable[[], ServerClient | None]  # None until enrolled (or once revoked)
    workstation: str
    health: StoreHealth

    def close(self) -> None:
        self.engine.dispose()


def production_hasher() -> PasswordHasher:
    """argon2id, RFC 9106 low-memory profile (t=3, m=64 MiB, p=4): above ASVS appendix C."""
    from argon2 import PasswordHasher

    return PasswordHasher()


def open_engine(
    data_dir: Path, keys: KeyringKeyStore, *, create: bool = False, background_check: bool = False
) -> Engine:
    """Open (or, if asked, create) the store, checked and migrated to the newest schema."""
    engine, _ = open_checked(data_dir, keys, create=create, background_check=background_check)
    return engine


def set_aside_store(data_dir: Path, now: datetime | None = None) -> Path:
    """Move a store that can no longer be opened (its key is gone) out of the way, unchanged,
    so the desk can be enrolled anew with an empty store. Nothing is deleted: the IT staff
    decide what becomes of the old file. Returns the folder it now lives in."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    folder = data_dir / f"unreadable-{stamp}"
    folder.mkdir(mode=0o700)
    for path in sorted(data_dir.glob(STORE_FILE + "*")):  # the store and its -wal / -shm
        path.rename(folder / path.name)
    return folder


def no_core_dumps() -> None:
    """A process that opens the store holds personal values in memory: a crash must not write
    that memory to a core file (`ulimit -c`, or systemd-coredump and apport through a pipe).
    The soft limit goes to 0 and, on Linux, the process is made not dumpable (which also keeps
    other processes of the same user from reading its memory). Windows keeps no dump unless
    an administrator sets up WER LocalDumps for it."""
    try:
        import resource
    except ImportError:  # Windows
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
    if sys.platform.startswith("linux"):
        import ctypes

        if ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            log.warning("could not mark the process not dumpable (prctl)")


def open_checked(
    data_dir: Path, keys: KeyringKeyStore, *, create: bool = False, background_check: bool = False
) -> tuple[Engine, StoreHealth]:
    """The engine and its page check: done before returning, or running beside the caller
    (the GUI), in which case every unit of work waits for it first."""
    from app.store import migrate
    from app.store.engine import check_store_header, create_new_store, create_store_engine
    from app.store.health import StoreHealth
    from app.store.reference import ensure_programs, ensure_roles, reference_data_missing
    from app.store.unit_of_work import session_factory

    no_core_dumps()
    path = data_dir / STORE_FILE
    key = keys.load(data_dir)
    if path.exists():
        if key is None:
            raise StoreKeyMissing()
        check_store_header(path, key)
        if background_check:
            health = StoreHealth.checking_in_background(path, key)
        else:
            health = StoreHealth.checked_now(path, key)
            health.wait()
        engine = create_store_engine(path, key)
    elif create:
        engine, health = create_new_store(path, key or keys.create(data_dir)), StoreHealth.ok()
    else:
        raise StoreMissing()
    if migrate.current_revision(engine) != migrate.head_revision():
        health.wait()
        migrate.upgrade(engine)
    if reference_data_missing(engine):
        health.wait()
        with session_factory(engine).begin() as session:
            ensure_roles(session)
            ensure_programs(session)
    return engine, health


def build_desk(
    engine: Engine,
    *,
    health: StoreHealth | None = None,
    hasher: PasswordHasher | None = None,
    clock: Clock | None = None,
    workstation: str | None = None,
    keys: KeyringKeyStore | None = None,
    data_dir: Path | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Desk:
    """`keys` and `data_dir` let the desk enrol and sync (the device token lives in the keyring
    beside the store key); without them it is standalone. `transport` is for tests only."""
    from app.resources import common_passwords
    from app.services.admin_service import AdminService
    from app.services.audit_service import AuditService
    from app.services.auth_service import AuthService
    from app.services.batch_issuance_service import BatchIssuanceService
    from app.services.correction_service import CorrectionService
    from app.services.desk_service import DeskService
    from app.services.enrollment_service import EnrollmentService
    from app.services.entry_service import EntryService
    from app.services.followup_service import FollowupService
    from app.services.issuance_service import IssuanceService
    from app.services.lookup_service import LookupService
    from app.services.ports import SystemClock
    from app.services.printing_service import PrintingService
    from app.services.quality_service import QualityService
    from app.services.reminder_service import ReminderService
    from app.services.renkei_service import RenkeiService
    from app.services.retention_service import RetentionService
    from app.services.statistics_service import StatisticsService
    from app.services.sync_service import SyncService
    from app.services.target_service import TargetService
    from app.services.verification_service import VerificationService
    from app.store.health import StoreHealth
    from app.store.unit_of_work import SqlAlchemyUnitOfWork, session_factory
    from app.sync.transport import ServerClient

    hasher = hasher or production_hasher()
    clock = clock or SystemClock()
    name = workstation or socket.gethostname()[:64] or "workstation"
    factory = session_factory(engine)

    def unchecked_uow(read_only: bool = False) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(factory, workstation=name, now=clock.now, read_only=read_only)

    def uow(read_only: bool = False) -> SqlAlchemyUnitOfWork:
        if health is not None:
            health.wait()
        return unchecked_uow(read_only)

    def server_client() -> ServerClient | None:
        """A client for this desk's server with its device token; None when not enrolled."""
        with unchecked_uow(read_only=True) as work:
            device = work.sync.device()
        if device is None or device.revoked_at is not None or keys is None or data_dir is None:
            return None
        try:
            token = keys.load_device_token(data_dir)
        except StoreError:
            return None
        if token is None:
            return None
        return ServerClient(
            device.server_url, device.ca_pem, device_token=token, transport=transport
        )

    def enroll_client(url: str, ca_pem: str) -> ServerClient:
        return ServerClient(url, ca_pem, transport=transport)

    targets = TargetService(uow, clock=clock)
    sync = SyncService(uow, clock=clock, client_factory=server_client, keys=keys, data_dir=data_dir)
    return Desk(
        engine=engine,
        auth=AuthService(
            uow,
            hasher=hasher,
            clock=clock,
            workstation=name,
            common_passwords=common_passwords(),
            server=server_client,
            after_online_login=sync.pull_identity,
        ),
        admin=AdminService(uow, hasher=hasher, clock=clock, server=server_client),
        audit=AuditService(uow, clock=clock, client_factory=server_client),
        desk=DeskService(uow, clock=clock, workstation=name, info_uow=unchecked_uow),
        lookup=LookupService(uow, clock=clock),
        targets=targets,
        entry=EntryService(uow, clock=clock),
        verification=VerificationService(uow, clock=clock),
        corrections=CorrectionService(uow, clock=clock),
        followups=FollowupService(uow, clock=clock),
        quality=QualityService(uow, clock=clock),
        issuance=IssuanceService(uow, clock=clock),
        printing=PrintingService(uow, clock=clock),
        batch_issuance=BatchIssuanceService(uow, clock=clock, targets=targets),
        reminders=ReminderService(uow, clock=clock, targets=targets),
        statistics=StatisticsService(uow, clock=clock, targets=targets),
        retention=RetentionService(
            uow, clock=clock, client_factory=server_client, sync_now=sync.sync_now
        ),
        renkei=RenkeiService(
            uow, clock=clock, client_factory=server_client, sync_now=sync.sync_now
        ),
        sync=sync,
        enrollment=EnrollmentService(
            uow, clock=clock, client_factory=enroll_client, keys=keys, data_dir=data_dir
        ),
        server_client=server_client,
        workstation=name,
        health=health or StoreHealth.ok(),
    )


def demo_accounts() -> list[tuple[str, str]]:
    from app.domain.synthetic import DEMO_STAFF

    return [(login_id, password) for login_id, _, _, password in DEMO_STAFF]


def seed_demo_store(
    data_dir: Path,
    residents: int,
    *,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Create a new demo store in `data_dir` (never over an existing one) and fill it."""
    from app.store.demo_seed import seed_residents, seed_staff

    if (data_dir / STORE_FILE).exists():
        raise KenshinError(
            f"{data_dir} には既にデータファイルがあります。別のフォルダを指定してください。"
        )
    if not 0 <= residents <= 5_000_000:
        raise KenshinError("住民数は 0〜5,000,000 の範囲で指定してください。")
    engine = open_engine(data_dir, demo_key_store(), create=True)
    try:
        totals = seed_residents(engine, residents, seed=seed, progress=progress)
        seed_staff(engine, production_hasher())
    finally:
        engine.dispose()
    return totals


def open_desk(data_dir: Path, keys: KeyringKeyStore) -> Desk:
    """For the GUI: the store opens at once; its page check runs beside the login window."""
    engine, health = open_checked(data_dir, keys, background_check=True)
    return build_desk(engine, health=health, keys=keys, data_dir=data_dir)
