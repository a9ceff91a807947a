"""Shared test helpers: an in-memory keyring, a settable clock and a real encrypted desk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring.backend
import keyring.errors
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.bootstrap import Desk, build_desk, open_engine
from app.services.dto import StaffSession
from app.store.demo_seed import DEMO_STAFF, seed_residents, seed_staff
from app.store.keys import KeyringKeyStore

PASSWORDS = {login_id: password for login_id, _, _, password in DEMO_STAFF}


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A test-only keyring: a dict, so round trips are real and nothing touches the OS."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@dataclass
class SettableClock:
    current: datetime = field(default_factory=lambda: datetime(2026, 11, 26, 1, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


def cheap_hasher() -> PasswordHasher:
    return PasswordHasher.from_parameters(CHEAPEST)


def make_desk(
    data_dir: Path,
    *,
    residents: int = 20,
    clock: SettableClock | None = None,
    hasher: PasswordHasher | None = None,
    keys: KeyringKeyStore | None = None,
) -> Desk:
    keys = keys or KeyringKeyStore(MemoryKeyring())
    hasher = hasher or cheap_hasher()
    engine = open_engine(data_dir, keys, create=True)
    seed_staff(engine, hasher)
    if residents:
        seed_residents(engine, residents)
    return build_desk(engine, hasher=hasher, clock=clock or SettableClock(), workstation="desk-1")


def login(desk: Desk, login_id: str) -> StaffSession:
    return desk.auth.login(login_id, PASSWORDS[login_id])


def self_signed_ca_pem(common_name: str) -> str:
    """A throwaway CA certificate (PEM) for a desk to pin; its key is not kept."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
