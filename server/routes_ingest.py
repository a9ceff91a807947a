"""Ingest of the city's feeds by the integration account (CSV body; all rows or none)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from app.sync import wire
from server import audit, errors
from server.deps import ContextDep, IntegrationDep, SessionDep
from server.ingest import Feed, FeedRejected, apply_feed

router = APIRouter()
MAX_FEED_BYTES = 1_000_000_000


@router.post("/ingest/{feed}", response_model=wire.IngestResult)
async def ingest(
    feed: Literal["residents", "welfare", "nhi"],
    request: Request,
    context: ContextDep,
    session: SessionDep,
    device: IntegrationDep,
) -> wire.IngestResult:
    raw = await request.body()
    if len(raw) > MAX_FEED_BYTES:
        raise errors.ApiError(413, "too_large", "ファイルが大きすぎます（1GBまで）。")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise errors.invalid("ファイルが UTF-8 ではありません。UTF-8 で送ってください。") from exc
    return await run_in_threadpool(_apply, context, session, device.id, feed, text)


def _apply(
    context: ContextDep, session: SessionDep, device_id: str, feed: Feed, text: str
) -> wire.IngestResult:
    now = context.now()
    try:
        result = apply_feed(session, feed, text, now)
    except FeedRejected as exc:
        session.rollback()
        detail = f"feed={feed} rejected_rows={len(exc.rows)}"
        audit.record(session, "ingest", "rejected", device_id=device_id, detail=detail, now=now)
        session.commit()
        raise errors.ApiError(422, "rows_rejected", exc.message, rows=exc.rows) from exc
    detail = f"feed={feed} rows={result.accepted} changed={result.changed}"
    audit.record(session, "ingest", device_id=device_id, target_kind=feed, detail=detail, now=now)
    session.commit()
    return result
