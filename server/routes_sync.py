"""Pull (change-log pages), snapshot pages and the audit checkpoint of this device."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from app.sync import wire
from server import audit_chain, streams
from server.deps import Context, ContextDep, DeviceDep, DeviceHeader, SessionDep, workstation

router = APIRouter()


def json_response(page: streams.Page, context: ContextDep) -> Response:
    body = page.body(server_time=context.now().isoformat())
    return Response(body, media_type="application/json")


@router.get("/sync/{stream}", response_model=wire.PullPage)
async def pull(
    stream: str,
    context: ContextDep,
    token: DeviceHeader = None,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=wire.PAGE_ROWS)] = wire.PAGE_ROWS,
) -> Response:
    """The credential, the page and its body on one worker thread with one session (a hop
    per request: each sync dependency was a hop of its own, the busiest route's main cost)."""
    return await run_in_threadpool(_pull, context, token, stream, (cursor, limit))


def _pull(
    context: Context, token: str | None, stream: str, page: tuple[str | None, int]
) -> Response:
    with context.sessions() as session:
        device = workstation(context, session, token)
        streams.check_stream(stream)
        return json_response(streams.pull(session, stream, device, *page), context)


@router.get("/snapshot/{stream}", response_model=wire.SnapshotPage)
def snapshot(
    stream: str,
    context: ContextDep,
    session: SessionDep,
    device: DeviceDep,
    after: Annotated[str | None, Query(max_length=36)] = None,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=wire.SNAPSHOT_ROWS)] = wire.SNAPSHOT_ROWS,
) -> Response:
    streams.check_stream(stream)
    page = streams.snapshot(session, stream, device, after=after, cursor=cursor, limit=limit)
    return json_response(page, context)


@router.get("/audit/checkpoint", response_model=wire.AuditCheckpoint)
def audit_checkpoint(session: SessionDep, device: DeviceDep) -> wire.AuditCheckpoint:
    return audit_chain.checkpoint(session, device.id)
