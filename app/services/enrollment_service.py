"""Enrolling this workstation with the central server: a one-time code, the pinned CA."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from cryptography import x509

from app.domain.errors import KenshinError
from app.services.ports import Clock
from app.services.sync_dto import EnrollmentResult
from app.store.sync_repository import UNSYNCED, DeviceState
from app.sync.transport import ServerClient

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory

CODE = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
BAD_URL = (
    "サーバーのURLは https://kenshin.example.lg.jp のように https:// で始めて入力してください。"
)
BAD_PEM = (
    "サーバーのCA証明書（PEM形式）を読み取れません。"
    "-----BEGIN CERTIFICATE----- から -----END CERTIFICATE----- までをそのまま貼り付けてください。"
)
BAD_CODE = "登録コードは6〜64文字の英数字で入力してください（システム管理者が発行します）。"
BAD_NAME = "端末名は1〜64文字で入力してください。"
NO_KEYRING = "資格情報ストアが使えないため、この端末を登録できません。"
UNSYNCED_LEFT = "この端末には送信されていない記録があります。登録し直す前に同期を済ませてください。"
NOT_A_WORKSTATION = "この登録コードは窓口端末用ではありません。"


class TokenKeeper(Protocol):
    def save_device_token(self, data_dir: Path, token: str) -> None: ...


class EnrollmentService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        *,
        clock: Clock,
        client_factory: Callable[[str, str], ServerClient],
        keys: TokenKeeper | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._client_factory = client_factory
        self._keys = keys
        self._data_dir = data_dir

    def enrolled(self) -> bool:
        with self._uow(read_only=True) as uow:
            return uow.sync.device() is not None

    def enroll(
        self, server_url: str, code: str, ca_pem: str, workstation_name: str
    ) -> EnrollmentResult:
        """Validate, enroll with the one-time code, keep the device token in the keyring.

        A desk already enrolled may enrol again only when nothing on it is unsynced.
        """
        url, code, name = _url(server_url), _code(code), _name(workstation_name)
        pem = _pem(ca_pem)
        if self._keys is None or self._data_dir is None:
            raise KenshinError(NO_KEYRING)
        with self._uow(read_only=True) as uow:
            previous = uow.sync.device()
            unsynced = uow.sync.count(*UNSYNCED) + uow.sync.audit_unpushed()
        if previous is not None and unsynced:
            raise KenshinError(UNSYNCED_LEFT)
        client = self._client_factory(url, pem)
        try:
            answer = client.enroll(code, name)
        finally:
            client.close()
        if answer.kind != "workstation":
            raise KenshinError(NOT_A_WORKSTATION)
        self._keys.save_device_token(self._data_dir, answer.device_token)
        with self._uow() as uow:
            uow.sync.save_device(
                DeviceState(
                    device_id=answer.device_id,
                    server_url=url,
                    ca_pem=pem,
                    signing_key=answer.signing_key,
                    workstation_name=answer.workstation_name,
                    ward=answer.ward,
                    enrolled_at=self._clock.now(),
                    last_server_time=answer.server_time,
                )
            )
            uow.audit.record(
                staff_id=None,
                action="device_enroll",
                record_kind="device",
                record_id=answer.device_id,
                detail="re_enrol=1" if previous is not None else "",
            )
            uow.commit()
        return EnrollmentResult(answer.workstation_name, url, answer.ward)


def _url(text: str) -> str:
    value = text.strip().rstrip("/")
    try:
        parts = urlsplit(value)
    except ValueError as error:
        raise KenshinError(BAD_URL) from error
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise KenshinError(BAD_URL)
    if len(value) > 300 or parts.username or parts.password:
        raise KenshinError(BAD_URL)
    return value


def _code(text: str) -> str:
    value = unicodedata.normalize("NFKC", text[:200]).strip()
    if not CODE.match(value):
        raise KenshinError(BAD_CODE)
    return value


def _name(text: str) -> str:
    value = unicodedata.normalize("NFKC", text[:200]).strip()
    if not 1 <= len(value) <= 64 or not value.isprintable():
        raise KenshinError(BAD_NAME)
    return value


def _pem(text: str) -> str:
    value = text.strip()
    if "-----BEGIN CERTIFICATE-----" not in value:
        raise KenshinError(BAD_PEM)
    try:
        x509.load_pem_x509_certificate(value.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as error:
        raise KenshinError(BAD_PEM) from error
    return value + "\n"
