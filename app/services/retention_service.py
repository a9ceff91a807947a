"""Retention (保存期間の管理) at a desk: a supervisor sees the server's candidates (counts per
program and fiscal year), may ask for a group's names (audited here and on the server), and
approves a group; the server deletes it and the sync round that follows purges it locally.

Every call goes to the server with the session's staff token: retention is decided centrally,
never from a desk's partial copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain import programs
from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.services.dto import StaffSession
from app.services.guard import requires
from app.services.staff_server import StaffServerService
from app.sync import wire

NOT_ONLINE = (
    "保存期間の管理にはサーバーへのオンラインのログインが必要です。"
    "サーバーに接続できる状態でログインし直してください。"
)
NOT_ENROLLED = "この端末はサーバーに登録されていないため、保存期間の管理は行えません。"


@dataclass(frozen=True)
class RetentionGroupView:
    program_code: str
    program_name: str
    fiscal_year: int
    count: int
    retention_years: int
    deletion_date: date


@dataclass(frozen=True)
class RetentionOverview:
    as_of: date
    groups: tuple[RetentionGroupView, ...]


@dataclass(frozen=True)
class RetentionNameView:
    result_id: str
    resident_id: str | None
    name: str
    screened_on: str


@dataclass(frozen=True)
class RetentionOutcome:
    program_code: str
    fiscal_year: int
    results: int
    corrections: int
    my_numbers_cleared: int
    synced: bool
    sync_message: str


def program_name(code: str) -> str:
    found = programs.DEFAULT_PROGRAMS.get(code)
    return found.name_ja if found is not None else code


class RetentionService(StaffServerService):
    NOT_ONLINE = NOT_ONLINE
    NOT_ENROLLED = NOT_ENROLLED

    @requires(Permission.RETENTION_APPROVE)
    def candidates(self, session: StaffSession, /) -> RetentionOverview:
        """Counts only: no names leave the server here."""
        answer = wire.RetentionCandidates.model_validate(
            self._call(session, "GET", "/retention/candidates")
        )
        groups = tuple(
            RetentionGroupView(
                g.program_code,
                program_name(g.program_code),
                g.fiscal_year,
                g.count,
                g.retention_years,
                g.deletion_date,
            )
            for g in answer.groups
        )
        with self._uow() as uow:
            uow.audit.record(
                staff_id=session.staff_id,
                action="view",
                record_kind="retention_candidates",
                detail=f"groups={len(groups)}",
            )
            uow.commit()
        return RetentionOverview(answer.as_of, groups)

    @requires(Permission.RETENTION_APPROVE)
    def names(
        self, session: StaffSession, /, *, program_code: str, fiscal_year: int
    ) -> list[RetentionNameView]:
        """The people of one group, on request; audited here and on the server."""
        path = f"/retention/candidates/{_code(program_code)}/{int(fiscal_year)}/names"
        answer = wire.RetentionNames.model_validate(self._call(session, "GET", path))
        self._audit(
            session,
            action="retention_names",
            record_kind="retention_group",
            record_id=f"{program_code}:{fiscal_year}",
            detail=f"names={len(answer.names)}",
        )
        return [
            RetentionNameView(
                n.result_id, n.resident_id, n.name or "（住民記録なし）", n.screened_on or ""
            )
            for n in answer.names
        ]

    @requires(Permission.RETENTION_APPROVE)
    def approve(
        self, session: StaffSession, /, *, program_code: str, fiscal_year: int, expected_count: int
    ) -> RetentionOutcome:
        """Delete a group on the server (refused if its count changed), then sync so the purge
        lands here; the other desks get it at their next round."""
        body = wire.RetentionApprove(
            program_code=_code(program_code), fiscal_year=fiscal_year, expected_count=expected_count
        )
        try:
            raw = self._call(session, "POST", "/retention/approve", body.model_dump(mode="json"))
        except KenshinError:
            self._audit_approval(session, program_code, fiscal_year, "refused", "")
            raise
        run = wire.RetentionRunOut.model_validate(raw)
        self._audit_approval(
            session,
            program_code,
            fiscal_year,
            "ok",
            f"run={run.id} results={run.results} corrections={run.corrections}"
            f" my_numbers={run.my_numbers_cleared}",
        )
        synced, message = self._synced(session, "次の同期でこの端末からも削除されます。")
        return RetentionOutcome(
            run.program_code,
            run.fiscal_year,
            run.results,
            run.corrections,
            run.my_numbers_cleared,
            synced,
            message,
        )

    def _audit_approval(
        self, session: StaffSession, program_code: str, fiscal_year: int, outcome: str, detail: str
    ) -> None:
        self._audit(
            session,
            action="retention_approve",
            outcome=outcome,
            record_kind="retention_group",
            record_id=f"{program_code[:40]}:{fiscal_year}",
            detail=detail,
        )


def _code(program_code: str) -> str:
    code = program_code.strip()
    if not code or len(code) > 40 or not all(c.isalnum() or c == "_" for c in code):
        raise KenshinError("検診の種類が正しくありません。")
    return code
