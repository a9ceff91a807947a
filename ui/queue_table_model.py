"""The verification queue: one row per form waiting for a supervisor (照合確認)."""

from __future__ import annotations

from app.services.entry_dto import QueueItem
from ui.i18n import N_
from ui.table_model import Column, RowTableModel


def _identity(item: QueueItem) -> str:
    return item.identity_problem or ""


class QueueTableModel(RowTableModel):
    """Forms with differing fields or an identity problem, oldest first as the service gives."""

    columns = (
        Column(N_("バッチ"), lambda q: q.batch_label),
        Column(
            N_("用紙番号"), lambda q: str(q.form_no), sort_key=lambda q: q.form_no, numeric=True
        ),
        Column(N_("検診"), lambda q: q.program_name),
        Column(
            N_("確認項目数"),
            lambda q: str(q.fields_to_settle),
            sort_key=lambda q: q.fields_to_settle,
            numeric=True,
        ),
        Column(N_("本人確認"), _identity),
    )

    def row_of_form(self, form_id: str) -> int:
        """The row showing `form_id`, or -1 when the queue no longer holds it."""
        for row, item in enumerate(self._rows):
            if item.form_id == form_id:
                return row
        return -1
