"""Tokens, codes, password hashes and offline-grant signatures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.domain.passwords import normalise
from app.sync import wire

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
CODE_GROUPS = 4
MAX_PASSWORD = 1024
COMMON_PASSWORDS = Path(__file__).resolve().parents[1] / "resources" / "common-passwords.txt"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(pepper: bytes, token: str) -> str:
    """What is stored for a token or code: HMAC-SHA256 under the server's pepper."""
    return hmac.new(pepper, token.encode("utf-8"), hashlib.sha256).hexdigest()


def new_enrollment_code() -> str:
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


def normalise_code(code: str) -> str:
    """As keyed: full-width, lower case, spaces and hyphens are all accepted."""
    value = unicodedata.normalize("NFKC", code[:64]).upper()
    return "".join(char for char in value if char.isalnum())


def login_name_hash(pepper: bytes, login_id: str) -> str:
    name = unicodedata.normalize("NFKC", login_id[:200]).strip().casefold()
    return token_hash(pepper, "login:" + name)


def verify_password(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, normalise(password[:MAX_PASSWORD]))
    except (VerificationError, InvalidHashError):
        return False


def common_passwords() -> frozenset[str]:
    try:
        lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.strip().casefold() for line in lines if line.strip())


def public_key_b64(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def sign_grant(
    key: Ed25519PrivateKey,
    *,
    staff_id: str,
    device_id: str,
    roles: list[str],
    now: datetime,
    days: int,
) -> wire.SignedGrant:
    grant = wire.OfflineGrant(
        staff_id=staff_id,
        device_id=device_id,
        roles=roles,
        issued_at=now,
        expires_at=now + timedelta(days=days),
    )
    signature = key.sign(wire.grant_bytes(grant))
    return wire.SignedGrant(grant=grant, signature=base64.b64encode(signature).decode("ascii"))
