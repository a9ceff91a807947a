"""The desk around the screens: home work queue, status bar, and drafts kept across a switch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.domain.calendar import fiscal_year_of
from app.domain.errors import KenshinError
from app.domain.policy import Permission, Role
from app.domain.settings import DeskSettings
from app.services.dto import DeskStatus, DraftView, HomeSummary, StaffSession
from app.services.guard import Guard, requires
from app.services.ports import Clock

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory

MAX_DRAFT_CHARS = 200_000


class DeskService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        *,
        clock: Clock,
        workstation: str,
        info_uow: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = uow
        # The login window's facts (no personal data) may be read while the page check runs.
        self._info_uow = info_uow or uow
        self._clock = clock
        self._workstation = workstation
        self._guard = Guard(uow, clock)

    def settings(self) -> DeskSettings:
        """Settings hold no personal data; the login and lock screens need them before a login."""
        with self._info_uow() as uow:
            return DeskSettings.from_mapping(uow.settings.all())

    def workstation_info(self) -> tuple[str, Any]:
        """The workstation's name and last sync, for the login window."""
        with self._info_uow() as uow:
            return self._workstation, uow.sync_state.last_sync()

    @requires(Permission.USE_DESK)
    def status(self, session: StaffSession, /) -> DeskStatus:
        local = self._clock.now().astimezone()
        with self._uow() as uow:
            return DeskStatus(
                display_name=session.display_name,
                workstation=self._workstation,
                fiscal_year=fiscal_year_of(local.date()),
                last_sync=uow.sync_state.last_sync(),
                pending_uploads=uow.sync_state.pending_uploads(),
            )

    @requires(Permission.USE_DESK)
    def home(self, session: StaffSession, /) -> HomeSummary:
        """The role's work queue, from what the store holds today."""
        items: list[tuple[str, str]] = []
        with self._uow(read_only=True) as uow:
            pending = uow.sync_state.pending_uploads()
            items.append(("送信待ちの記録", f"{pending} 件"))
            if Role.CLERK in session.roles or Role.SUPERVISOR in session.roles:
                work = uow.entries.work_counts(session.staff_id)
                items.append(("1回目の入力待ちの用紙", f"{work['first']} 枚"))
                items.append(("2回目の入力待ちの用紙", f"{work['second']} 枚"))
                items.append(("差し戻された自分の入力", f"{work['returned_to_me']} 件"))
                items.append(("登録されている住民", f"{uow.residents.count():,} 人"))
            if Role.SUPERVISOR in session.roles:
                items.append(("照合確認待ちの用紙", f"{work['review']} 枚"))
                items.append(("承認待ちの訂正・削除", f"{work['corrections']} 件"))
                denied = uow.audit.count(action="permission_denied")
                failures = uow.audit.count(action="login", outcome="failure")
                items.append(("権限外の操作の記録", f"{denied} 件"))
                items.append(("ログイン失敗の記録", f"{failures} 件"))
            if Role.ADMIN in session.roles:
                items.append(("職員アカウント", f"{len(uow.staff.all())} 件"))
        return HomeSummary(items=tuple(items))

    @requires(Permission.USE_DESK)
    def take_drafts(self, session: StaffSession, /) -> tuple[DraftView, ...]:
        """The user's kept drafts, handed back once and removed from the store."""
        with self._uow() as uow:
            drafts = tuple(
                DraftView(d.screen, d.payload, d.saved_at)
                for d in uow.drafts.take(session.staff_id)
            )
            if drafts:
                uow.audit.record(
                    staff_id=session.staff_id, action="draft_restore", detail=f"count={len(drafts)}"
                )
            uow.commit()
            return drafts

    @requires(Permission.USE_DESK, before_password_change=True)
    def save_draft(self, session: StaffSession, /, *, screen: str, payload: dict[str, Any]) -> None:
        """Keep unsaved work in the encrypted store (never a file) until the same user is back."""
        if len(repr(payload)) > MAX_DRAFT_CHARS:
            raise KenshinError("下書きが大きすぎるため保存できません。")
        with self._uow() as uow:
            uow.drafts.save(session.staff_id, screen[:40], payload)
            uow.audit.record(
                staff_id=session.staff_id, action="draft_save", record_kind=screen[:40]
            )
            uow.commit()
