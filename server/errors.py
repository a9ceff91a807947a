"""Every error answer is a wire.ErrorBody with a Japanese message, whatever went wrong."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.sync import wire

log = logging.getLogger("kenshin.server")

UNAUTHORIZED = "認証情報がないか、正しくありません。端末の登録またはログインをやり直してください。"
DEVICE_REVOKED = "この端末の登録は取り消されています。システム管理者に連絡してください。"
STAFF_REVOKED = "このIDは利用停止中か、有効な権限がありません。システム管理者に連絡してください。"
TOKEN_EXPIRED = "ログインの有効期限が切れました。もう一度ログインしてください。"  # noqa: S105
FORBIDDEN = "この操作を行う権限がありません。"
MUST_RESNAPSHOT = "同期位置が古いか別の範囲のものです。このデータを最初から取得し直してください。"
NOT_FOUND = "指定されたものが見つかりません。"
INVALID = "送信された内容の形式が正しくありません。"
BUSY = "サーバーが混み合っています。しばらくしてから再度お試しください。"
INTERNAL = "サーバー内部でエラーが発生しました。しばらくしてから再度お試しください。"
UNSTORABLE = "送信された内容に、保存や検索に使えない文字や値（NUL文字など）が含まれています。"


class ApiError(Exception):
    """An expected refusal: HTTP status, machine code, Japanese message (and feed rows)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        rows: list[wire.RowError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.rows = rows or []
        self.headers = headers


def unauthorized(message: str = UNAUTHORIZED) -> ApiError:
    return ApiError(401, "unauthorized", message)


def forbidden(message: str = FORBIDDEN) -> ApiError:
    return ApiError(403, "forbidden", message)


def not_found(message: str = NOT_FOUND) -> ApiError:
    return ApiError(404, "not_found", message)


def invalid(message: str) -> ApiError:
    return ApiError(422, "invalid", message)


def must_resnapshot(message: str = MUST_RESNAPSHOT) -> ApiError:
    return ApiError(409, "must_resnapshot", message)


def body(code: str, message: str, rows: list[wire.RowError] | None = None) -> dict[str, object]:
    return wire.ErrorBody(code=code, message=message, rows=rows or []).model_dump(mode="json")


def _answer(
    status: int,
    code: str,
    message: str,
    rows: list[wire.RowError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(body(code, message, rows), status_code=status, headers=headers)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _answer(exc.status, exc.code, exc.message, exc.rows, exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Field locations only: the input values may hold personal data.
    places = sorted(
        {".".join(str(part) for part in error.get("loc", ())) for error in exc.errors()}
    )
    where = "、".join(places[:5])
    return _answer(422, "invalid", f"{INVALID}（項目: {where}）" if where else INVALID)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return _answer(404, "not_found", "そのような操作（URL）はありません。")
    if exc.status_code == 405:
        return _answer(405, "method_not_allowed", "この操作（URL）ではその方法は使えません。")
    return _answer(exc.status_code, f"http_{exc.status_code}", INVALID)


async def _database_busy(_request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable: %s", type(exc).__name__)
    return _answer(503, "busy", BUSY, headers={"Retry-After": "5"})


async def _unstorable(_request: Request, exc: Exception) -> JSONResponse:
    # What the database refuses as data (PostgreSQL: a NUL in text, a number out of range):
    # the client's input, refused like any invalid request; the session rolls back.
    log.warning("database refused a value: %s", type(getattr(exc, "orig", exc)).__name__)
    return _answer(422, "invalid", UNSTORABLE)


async def _internal(_request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error: %s", type(exc).__name__)
    return _answer(500, "internal", INTERNAL)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_busy)
    app.add_exception_handler(DataError, _unstorable)
    app.add_exception_handler(Exception, _internal)
