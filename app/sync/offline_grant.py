"""Offline grants: the server's signed promise that a staff member may log in at this desk
without it, until a time (SYNC.md, Identity). Verified with the key pinned at enrollment."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from app.sync import wire

GRANT_MISSING = (
    "この端末でのオフラインログインの許可がありません。"
    "サーバーに接続できる状態で一度ログインしてください。"
)
GRANT_EXPIRED = (
    "オフラインログインの有効期限が切れています。サーバーに接続できる状態でログインしてください。"
)
CLOCK_BEHIND = (
    "この端末の時計がサーバーの時刻より遅れているため、オフラインではログインできません。"
    "時計を確認するか、サーバーに接続してください。"
)


@dataclass(frozen=True)
class GrantVerdict:
    ok: bool
    message: str = ""
    roles: frozenset[str] = frozenset()


def verify(
    signed_json: str | None,
    *,
    signing_key: str,
    staff_id: str,
    device_id: str,
    now: datetime,
    last_server_time: datetime | None,
) -> GrantVerdict:
    """Whether `signed_json` (a wire.SignedGrant) lets `staff_id` in at `device_id` now."""
    if last_server_time is not None and now < last_server_time:
        return GrantVerdict(False, CLOCK_BEHIND)
    if signed_json is None:
        return GrantVerdict(False, GRANT_MISSING)
    try:
        signed = wire.SignedGrant.model_validate_json(signed_json)
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(signing_key, validate=True))
        key.verify(
            base64.b64decode(signed.signature, validate=True), wire.grant_bytes(signed.grant)
        )
    except (ValidationError, ValueError, binascii.Error, InvalidSignature):
        return GrantVerdict(False, GRANT_MISSING)
    grant = signed.grant
    if grant.staff_id != staff_id or grant.device_id != device_id:
        return GrantVerdict(False, GRANT_MISSING)
    if grant.expires_at <= now:
        return GrantVerdict(False, GRANT_EXPIRED)
    return GrantVerdict(True, roles=frozenset(grant.roles))
