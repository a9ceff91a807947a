"""Asking for a verified result to be corrected (訂正) or deleted (削除); a second person approves.

The dialog only files the request: nothing changes until a supervisor re-keys the changed
fields from the paper on the 承認 screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KenshinError
from app.domain.forms import FieldSpec, canonical, get_form
from app.domain.policy import Permission
from app.services.correction_service import CorrectionService
from app.services.dto import StaffSession
from app.services.lookup_dto import HistoryLine
from app.services.reconcile import MAX_REASON
from ui import widgets
from ui.i18n import N_, t
from ui.labels import history_line_text
from ui.lookup_screen import LookupScreen
from ui.screen import ScreenContext
from ui.staff_dialogs import _ServiceDialog

# (kind "change" | "delete", {field code: value as keyed}, reason) -> request id
RequestCorrection = Callable[[str, dict[str, str], str], str]
REQUESTED_TEXT = N_("申請しました。別の職員（保護責任者）が承認すると反映されます。")


class FieldRow:
    """One field of the form: tick it to change it, then key its new value from the paper."""

    def __init__(self, parent: QWidget, spec: FieldSpec) -> None:
        self.spec = spec
        self.box = QCheckBox(spec.label, parent)
        self.edit = QLineEdit(parent)
        self.edit.setAccessibleName(t("{field}（訂正後）").format(field=spec.label))
        self.edit.setPlaceholderText(spec.hint)
        self.edit.setToolTip(spec.hint)
        self.edit.setEnabled(False)
        self.error = widgets.error_label(parent)
        self.box.toggled.connect(self.edit.setEnabled)
        self.edit.editingFinished.connect(self.check)

    def check(self) -> bool:
        """Validate as the field is left, so a wrong value is fixed before the request goes."""
        if not self.box.isChecked():
            self.error.clear()
            return True
        try:
            canonical(self.spec, self.edit.text())
        except KenshinError as error:
            self.error.setText(t(error.message))
            return False
        self.error.clear()
        return True


class CorrectionDialog(_ServiceDialog):
    """訂正 (some fields, each with its new value) or 削除, and a reason; `ask` gives the id."""

    def __init__(self, parent: QWidget | None, line: HistoryLine, request: RequestCorrection):
        super().__init__(parent, t("訂正・削除の申請"), t("申請する(&S)"))
        self.setMinimumSize(620, 560)
        self._request = request
        self.change_radio = QRadioButton(t("訂正(&E)"), self)
        self.delete_radio = QRadioButton(t("削除(&D)"), self)
        self.change_radio.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.change_radio)
        kinds.addButton(self.delete_radio)
        self.fields_area = QScrollArea(self)
        self.fields_area.setWidgetResizable(True)
        inner = QWidget(self.fields_area)
        grid = QGridLayout(inner)
        self.rows = [FieldRow(inner, spec) for spec in get_form(line.program_code).fields]
        for number, row in enumerate(self.rows):
            grid.addWidget(row.box, 2 * number, 0)
            grid.addWidget(row.edit, 2 * number, 1)
            grid.addWidget(row.error, 2 * number + 1, 1)
        grid.setColumnStretch(1, 1)
        self.fields_area.setWidget(inner)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_edit.setPlaceholderText(t("例: 医療機関から訂正の連絡"))
        self.reason_edit.setAccessibleName(t("理由"))
        self.submit_field = self.reason_edit
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_describe(line), self))
        kind_row = QVBoxLayout()
        kind_row.addWidget(self.change_radio)
        kind_row.addWidget(self.delete_radio)
        layout.addLayout(kind_row)
        layout.addWidget(
            QLabel(t("訂正する項目にチェックを入れ、用紙の正しい値を入力します。"), self)
        )
        layout.addWidget(self.fields_area, 1)
        reason_label = QLabel(t("理由(&R)（必須）"), self)
        reason_label.setBuddy(self.reason_edit)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason_edit)
        chain = [w for row in self.rows for w in (row.box, row.edit)]
        self._finish(layout, self.change_radio, self.delete_radio, *chain, self.reason_edit)
        self.delete_radio.toggled.connect(self._on_delete_toggled)

    @classmethod
    def ask(
        cls, parent: QWidget | None, line: HistoryLine, request: RequestCorrection
    ) -> str | None:
        result: str | None = cls(parent, line, request).run()
        return result

    @Slot(bool)
    def _on_delete_toggled(self, deleting: bool) -> None:
        self.fields_area.setEnabled(not deleting)

    def row(self, code: str) -> FieldRow:
        return next(row for row in self.rows if row.spec.code == code)

    def submit(self) -> None:
        reason = self.reason_edit.text()
        if not reason.strip():
            self.error_label.setText(t("理由を入力してください。"))
            self.reason_edit.setFocus()
            return
        if self.delete_radio.isChecked():
            self._call(lambda: self._request("delete", {}, reason))
            return
        chosen = [row for row in self.rows if row.box.isChecked()]
        if not chosen:
            self.error_label.setText(t("訂正する項目を一つ以上選んでください。"))
            return
        if not all([row.check() for row in chosen]):
            self.error_label.setText(t("赤字の項目を直してください。"))
            return
        changes = {row.spec.code: row.edit.text() for row in chosen}
        self._call(lambda: self._request("change", changes, reason))


def _describe(line: HistoryLine) -> str:
    return history_line_text(line)


class CorrectionRequests(QObject):
    """Files requests for the lookup screen's detail pane with the corrections service."""

    def __init__(
        self, screen: LookupScreen, corrections: CorrectionService, session: StaffSession
    ) -> None:
        super().__init__(screen)
        self._screen = screen
        self._corrections = corrections
        self._session = session
        screen.detail.offer_corrections()
        screen.detail.correction_requested.connect(self._on_correction_requested)

    @Slot(object)
    def _on_correction_requested(self, line: HistoryLine) -> None:
        corrections, session = self._corrections, self._session

        def request(kind: str, changes: dict[str, str], reason: str) -> str:
            if kind == "delete":
                return corrections.request_delete(session, result_id=line.result_id, reason=reason)
            return corrections.request_change(
                session, result_id=line.result_id, changes=changes, reason=reason
            )

        ok, request_id = self._screen.attempt(
            lambda: CorrectionDialog.ask(self._screen, line, request)
        )
        if ok and request_id is not None:
            self._screen.detail.request_label.setText(t(REQUESTED_TEXT))


def with_corrections(screen: LookupScreen, context: ScreenContext) -> LookupScreen:
    """Give the lookup screen's history its 訂正・削除を申請 action, for those who key entries."""
    if context.session.may(Permission.ENTRY_KEY):
        CorrectionRequests(screen, context.desk.corrections, context.session)
    return screen
