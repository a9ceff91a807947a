"""HTTP to the central server: TLS with the pinned CA, the two tokens, errors in Japanese.

One `ServerClient` per workstation. Every call either returns a wire model or raises a
`SyncError` subclass whose `.message` a clerk can read; network trouble is `ServerUnreachable`
(callers fall back to offline work), 429 and 5xx are `ServerBusy` with the server's Retry-After.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from typing import Any, TypeVar, overload

import httpx
from pydantic import BaseModel, ValidationError

from app.domain.errors import KenshinError
from app.sync import wire

Model = TypeVar("Model", bound=BaseModel)
TIMEOUT = httpx.Timeout(30.0, connect=5.0)


class SyncError(KenshinError):
    """Something the server or the network said no to."""

    code = "sync_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class ServerUnreachable(SyncError):
    code = "unreachable"

    def __init__(
        self, message: str = "サーバーに接続できません。オフラインで作業を続けます。"
    ) -> None:
        super().__init__(message)


class ServerBusy(SyncError):
    code = "busy"

    def __init__(self, retry_after: float, message: str = "サーバーが混み合っています。") -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerRefused(SyncError):
    """A 4xx with an ErrorBody: unauthorized, device_revoked, staff_revoked, must_resnapshot…"""

    def __init__(self, status: int, body: wire.ErrorBody) -> None:
        super().__init__(body.message, code=body.code)
        self.status = status
        self.body = body


def pinned_context(ca_pem: str) -> ssl.SSLContext:
    """Trust exactly the CA pinned at enrollment, nothing from the system store."""
    # cadata given here, so the system store is never loaded (added to afterwards, it was).
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cadata=ca_pem)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class ServerClient:
    def __init__(
        self,
        base_url: str,
        ca_pem: str,
        *,
        device_token: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.device_token = device_token
        self._http = httpx.Client(
            base_url=self.base_url + wire.API,
            verify=pinned_context(ca_pem) if transport is None else True,
            timeout=TIMEOUT,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------ calls

    def healthz(self) -> bool:
        try:
            response = self._http.get(self.base_url + "/healthz")
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def enroll(self, code: str, workstation_name: str) -> wire.EnrollResponse:
        body = wire.EnrollRequest(code=code, workstation_name=workstation_name)
        return self._call("POST", "/enroll", wire.EnrollResponse, body=body, device=False)

    def login(self, login_id: str, password: str) -> wire.LoginResponse:
        body = wire.LoginRequest(login_id=login_id, password=password)
        return self._call("POST", "/auth/login", wire.LoginResponse, body=body)

    def logout(self, staff_token: str) -> None:
        self._call("POST", "/auth/logout", None, staff_token=staff_token)

    def change_password(self, staff_token: str, current: str, new: str) -> None:
        body = wire.PasswordChangeRequest(current=current, new=new)
        self._call("POST", "/auth/password", None, body=body, staff_token=staff_token)

    def pull(self, stream: str, cursor: str | None, limit: int = wire.PAGE_ROWS) -> wire.PullPage:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return self._call("GET", f"/sync/{stream}", wire.PullPage, params=params)

    def snapshot(
        self, stream: str, *, after: str | None, cursor: str | None, limit: int = wire.SNAPSHOT_ROWS
    ) -> wire.SnapshotPage:
        return self.snapshot_with_body(stream, after=after, cursor=cursor, limit=limit)[0]

    def snapshot_with_body(
        self, stream: str, *, after: str | None, cursor: str | None, limit: int = wire.SNAPSHOT_ROWS
    ) -> tuple[wire.SnapshotPage, bytes]:
        """The page and the body it came in (its hash can be checked on the rows as sent)."""
        body = self.snapshot_body(stream, after=after, cursor=cursor, limit=limit)
        return parse_snapshot(body), body

    def snapshot_body(
        self, stream: str, *, after: str | None, cursor: str | None, limit: int = wire.SNAPSHOT_ROWS
    ) -> bytes:
        """A snapshot page's body as it came, unread (the caller reads it off this thread)."""
        params: dict[str, Any] = {"limit": limit}
        if after:
            params["after"] = after
        if cursor:
            params["cursor"] = cursor
        response = self._send(
            "GET", f"/snapshot/{stream}", staff_token=None, json=None, params=params
        )
        return response.content

    def push(self, staff_token: str, request: wire.PushRequest) -> wire.PushResponse:
        return self._call(
            "POST", "/sync/push", wire.PushResponse, body=request, staff_token=staff_token
        )

    def audit_checkpoint(self) -> wire.AuditCheckpoint:
        return self._call("GET", "/audit/checkpoint", wire.AuditCheckpoint)

    def voucher_block(self, staff_token: str, fiscal_year: int, size: int) -> wire.VoucherBlock:
        body = wire.VoucherBlockRequest(fiscal_year=fiscal_year, size=size)
        return self._call(
            "POST", "/vouchers/blocks", wire.VoucherBlock, body=body, staff_token=staff_token
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        staff_token: str | None = None,
        json: Any = None,
        content: bytes | None = None,
    ) -> Any:
        """An administration or ingest call: the decoded JSON answer, errors as SyncError."""
        response = self._send(
            method, path, staff_token=staff_token, json=json, content=content, params=None
        )
        return response.json() if response.content else None

    # ------------------------------------------------------------ plumbing

    @overload
    def _call(
        self,
        method: str,
        path: str,
        model: type[Model],
        *,
        body: BaseModel | None = None,
        params: Mapping[str, Any] | None = None,
        staff_token: str | None = None,
        device: bool = True,
    ) -> Model: ...

    @overload
    def _call(
        self,
        method: str,
        path: str,
        model: None,
        *,
        body: BaseModel | None = None,
        params: Mapping[str, Any] | None = None,
        staff_token: str | None = None,
        device: bool = True,
    ) -> None: ...

    def _call(
        self,
        method: str,
        path: str,
        model: type[Model] | None,
        *,
        body: BaseModel | None = None,
        params: Mapping[str, Any] | None = None,
        staff_token: str | None = None,
        device: bool = True,
    ) -> Model | None:
        payload = body.model_dump(mode="json") if body is not None else None
        response = self._send(
            method, path, staff_token=staff_token, json=payload, params=params, device=device
        )
        if model is None:
            return None
        return _parse(model, response.content)

    def _send(
        self,
        method: str,
        path: str,
        *,
        staff_token: str | None,
        json: Any,
        params: Mapping[str, Any] | None,
        content: bytes | None = None,
        device: bool = True,
    ) -> httpx.Response:
        headers: dict[str, str] = {}
        if device and self.device_token:
            headers[wire.DEVICE_HEADER] = self.device_token
        if staff_token:
            headers["Authorization"] = f"{wire.STAFF_SCHEME} {staff_token}"
        try:
            response = self._http.request(
                method, path, headers=headers, json=json, params=params, content=content
            )
        except httpx.HTTPError as exc:
            raise ServerUnreachable() from exc
        _unbind_stream(response)
        if response.status_code == 429 or response.status_code >= 500:
            raise ServerBusy(_retry_after(response))
        if response.status_code >= 400:
            raise ServerRefused(response.status_code, _error_body(response))
        return response


def _unbind_stream(response: httpx.Response) -> None:
    """Break the cycle between a read response and its stream (httpx's stream refers back to
    the response), so the response and its body go as soon as the caller drops them instead of
    at the next full garbage collection: snapshot pages (a few MB each) piled up in between,
    ~350 MB of them over an initial sync of 1.6 M residents."""
    response.stream = httpx.ByteStream(b"")


def parse_snapshot(body: bytes) -> wire.SnapshotPage:
    return _parse(wire.SnapshotPage, body)


def _parse(model: type[Model], content: bytes) -> Model:
    try:
        return model.model_validate_json(content)
    except ValidationError as exc:
        raise SyncError("サーバーの応答を読み取れませんでした。", code="bad_response") from exc


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, min(300.0, float(response.headers.get("Retry-After", "5"))))
    except ValueError:
        return 5.0


def _error_body(response: httpx.Response) -> wire.ErrorBody:
    try:
        return wire.ErrorBody.model_validate_json(response.content)
    except ValidationError:
        return wire.ErrorBody(
            code="http_" + str(response.status_code),
            message=f"サーバーが要求を受け付けませんでした（{response.status_code}）。",
        )
