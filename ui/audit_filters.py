"""The audit screen's filter fields and the dialog that marks a period reviewed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.audit_review import JST
from app.services.audit_service import AUDIT_REVIEWED, MAX_COMMENT
from ui.i18n import N_, t
from ui.labels import ACTIONS, action_label
from ui.staff_dialogs import _ServiceDialog

DEFAULT_DAYS = 7
COMMENT_REQUIRED = N_("コメントを入力してください（確認した内容や対応）。")


@dataclass(frozen=True)
class AuditQuery:
    """What the filter fields say, ready for AuditService.search."""

    staff_id: str | None
    workstation: str | None
    action: str | None
    record_id: str | None
    period_from: date
    period_to: date


def _date_edit(parent: QWidget, name: str, day: QDate) -> QDateEdit:
    edit = QDateEdit(day, parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy/MM/dd")
    edit.setAccessibleName(name)
    return edit


class AuditFilterBar(QWidget):
    """職員, 端末, 操作, 記録ID and 期間; the service checks the values, not this widget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff_combo = QComboBox(self)
        self.staff_combo.setAccessibleName(t("職員"))
        self.staff_combo.addItem(t("すべて"), None)
        self.workstation_edit = QLineEdit(self)
        self.workstation_edit.setAccessibleName(t("端末"))
        self.workstation_edit.setPlaceholderText(t("端末名（完全一致）"))
        self.action_combo = QComboBox(self)
        self.action_combo.setAccessibleName(t("操作"))
        self.action_combo.addItem(t("すべて"), None)
        # The review mark is recorded here, so it can be searched for even before it has a label.
        codes = {AUDIT_REVIEWED: action_label(AUDIT_REVIEWED), **ACTIONS}
        for code, label in sorted(((c, t(text)) for c, text in codes.items()), key=lambda i: i[1]):
            self.action_combo.addItem(label, code)
        self.record_edit = QLineEdit(self)
        self.record_edit.setAccessibleName(t("記録ID"))
        self.record_edit.setPlaceholderText(t("対象ID（完全一致）"))
        # The period is in JST days, as the service reads it, whatever the machine's zone.
        today = QDate(datetime.now(JST).date())
        self.from_edit = _date_edit(self, t("期間の始め"), today.addDays(1 - DEFAULT_DAYS))
        self.to_edit = _date_edit(self, t("期間の終わり"), today)
        self._build()

    def _build(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        rows: list[tuple[str, QWidget]] = [
            (t("職員(&S)"), self.staff_combo),
            (t("端末(&W)"), self.workstation_edit),
            (t("操作(&A)"), self.action_combo),
            (t("記録ID(&I)"), self.record_edit),
        ]
        for index, (text, field) in enumerate(rows):
            label = QLabel(text, self)
            label.setBuddy(field)
            grid.addWidget(label, index // 2, (index % 2) * 2)
            grid.addWidget(field, index // 2, (index % 2) * 2 + 1)
        period = QLabel(t("期間(&P)"), self)
        period.setBuddy(self.from_edit)
        grid.addWidget(period, 2, 0)
        dates = QWidget(self)
        row = QGridLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.from_edit, 0, 0)
        row.addWidget(QLabel(t("〜"), dates), 0, 1)
        row.addWidget(self.to_edit, 0, 2)
        row.setColumnStretch(3, 1)
        grid.addWidget(dates, 2, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def fields(self) -> tuple[QWidget, ...]:
        """In tab order."""
        return (
            self.staff_combo,
            self.workstation_edit,
            self.action_combo,
            self.record_edit,
            self.from_edit,
            self.to_edit,
        )

    def set_staff(self, options: list[tuple[str, str]]) -> None:
        current = self.staff_combo.currentData()
        self.staff_combo.clear()
        self.staff_combo.addItem(t("すべて"), None)
        for staff_id, login_id in options:
            self.staff_combo.addItem(login_id, staff_id)
        self.staff_combo.setCurrentIndex(max(0, self.staff_combo.findData(current)))

    def select_staff(self, login_id: str | None) -> None:
        """Pick a staff member by login id; None or an unknown id means everyone."""
        index = self.staff_combo.findText(login_id) if login_id else 0
        self.staff_combo.setCurrentIndex(max(0, index))

    def query(self) -> AuditQuery:
        return AuditQuery(
            staff_id=self.staff_combo.currentData(),
            workstation=self.workstation_edit.text() or None,
            action=self.action_combo.currentData(),
            record_id=self.record_edit.text() or None,
            period_from=self.from_edit.date().toPython(),
            period_to=self.to_edit.date().toPython(),
        )


class ReviewDialog(_ServiceDialog):
    """A required comment for marking a period reviewed (確認済みにする)."""

    def __init__(self, parent: QWidget | None, intro: str, call: Callable[[str], str]) -> None:
        super().__init__(parent, t("確認済みにする"), t("確認済みにする(&O)"))
        self._call_with = call
        self.comment_edit = QLineEdit(self)
        self.comment_edit.setAccessibleName(t("コメント"))
        self.comment_edit.setPlaceholderText(
            t("確認した内容・対応（{max}文字以内）").format(max=MAX_COMMENT)
        )
        self.submit_field = self.comment_edit
        layout = QVBoxLayout(self)
        intro_label = QLabel(intro, self)
        intro_label.setWordWrap(True)
        layout.addWidget(intro_label)
        comment_label = QLabel(t("コメント(&M)（必須）"), self)
        comment_label.setBuddy(self.comment_edit)
        layout.addWidget(comment_label)
        layout.addWidget(self.comment_edit)
        self._finish(layout, self.comment_edit)

    def submit(self) -> None:
        comment = self.comment_edit.text()
        if not comment.strip():
            self.error_label.setText(t(COMMENT_REQUIRED))
            self.comment_edit.setFocus()
            return
        self._call(lambda: self._call_with(comment))

    @classmethod
    def ask(cls, parent: QWidget | None, intro: str, call: Callable[[str], str]) -> str | None:
        """The new review's id, or None when cancelled."""
        result: str | None = cls(parent, intro, call).run()
        return result
