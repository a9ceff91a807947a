"""The 情報連携 screen's tables: requests, answers and their items, the 情報提供等記録."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.wareki import format_date
from app.services.renkei_dto import (
    ProvisionView,
    RenkeiAnswerView,
    RenkeiItemView,
    RenkeiRequestView,
)
from ui.i18n import N_, t
from ui.table_model import Column, RowTableModel, local_time_text

NO_RESIDENT = N_("（住民記録なし）")


def _day(day: date | None) -> str:
    return format_date(day) if day is not None else ""


def _stamp(moment: date | datetime | None) -> str:
    return moment.isoformat() if moment is not None else ""


def _name(name: str) -> str:
    return name or t(NO_RESIDENT)


class RenkeiRequestTableModel(RowTableModel):
    """情報照会, newest first as the server gives them."""

    columns = (
        Column(
            N_("依頼日時"),
            lambda r: local_time_text(r.requested_at),
            lambda r: _stamp(r.requested_at),
        ),
        Column(N_("住民"), lambda r: _name(r.resident_name)),
        Column(N_("転入日"), lambda r: _day(r.moved_in), lambda r: _stamp(r.moved_in)),
        Column(N_("依頼の種類"), lambda r: t(r.trigger_label)),
        Column(N_("依頼者"), lambda r: r.requested_by_name),
        Column(N_("状態"), lambda r: t(r.status_label)),
        Column(N_("送信日時"), lambda r: local_time_text(r.sent_at), lambda r: _stamp(r.sent_at)),
        Column(
            N_("回答日時"),
            lambda r: local_time_text(r.answered_at),
            lambda r: _stamp(r.answered_at),
        ),
        Column(N_("備考"), lambda r: t(r.message)),
    )

    def row_at(self, row: int) -> RenkeiRequestView:
        found: RenkeiRequestView = super().row_at(row)
        return found


def _requester(answer: RenkeiAnswerView) -> str:
    if answer.mine:
        return t("自分")
    return answer.requested_by_name or t("自動（転入後）")


class RenkeiAnswerTableModel(RowTableModel):
    """Answers waiting for a second person, newest first as the server gives them."""

    columns = (
        Column(
            N_("受信日時"),
            lambda a: local_time_text(a.received_at),
            lambda a: _stamp(a.received_at),
        ),
        Column(N_("住民"), lambda a: _name(a.resident_name)),
        Column(N_("生年月日"), lambda a: _day(a.birth_date), lambda a: _stamp(a.birth_date)),
        Column(N_("前住所地"), lambda a: a.former_city),
        Column(N_("件数"), lambda a: f"{len(a.items):,}", lambda a: len(a.items), True),
        Column(N_("依頼者"), _requester),
    )

    def row_at(self, row: int) -> RenkeiAnswerView:
        found: RenkeiAnswerView = super().row_at(row)
        return found


class RenkeiItemTableModel(RowTableModel):
    """The screenings one answer holds (the law's items, nothing more)."""

    columns = (
        Column(N_("受診日"), lambda i: format_date(i.screened_on), lambda i: _stamp(i.screened_on)),
        Column(N_("検診"), lambda i: t(i.program_name)),
        Column(N_("結果"), lambda i: t(i.judgement)),
        Column(N_("要精検"), lambda i: t("要精検") if i.needs_followup else "—"),
        Column(N_("精検結果"), lambda i: t(i.followup_result) if i.followup_result else "—"),
    )

    def row_at(self, row: int) -> RenkeiItemView:
        found: RenkeiItemView = super().row_at(row)
        return found


class ProvisionTableModel(RowTableModel):
    """情報提供等記録, newest first."""

    columns = (
        Column(N_("日時"), lambda p: local_time_text(p.at, seconds=True), lambda p: _stamp(p.at)),
        Column(N_("種別"), lambda p: t(p.kind_label)),
        Column(N_("住民"), lambda p: _name(p.resident_name) if p.resident_id else ""),
        Column(N_("相手方"), lambda p: p.counterpart),
        Column(N_("職員"), lambda p: p.staff_name),
        Column(N_("内容"), lambda p: p.detail),
    )

    def row_at(self, row: int) -> ProvisionView:
        found: ProvisionView = super().row_at(row)
        return found
