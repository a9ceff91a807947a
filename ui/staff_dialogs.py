"""Dialogs of the staff screen: a new account, and a new role grant with an optional expiry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KenshinError
from app.domain.policy import ROLE_NAMES_JA, Role
from app.domain.wareki import format_date
from app.services.errors import SessionEnded
from ui import widgets
from ui.i18n import t

CreateStaff = Callable[[str, str, list[Role]], tuple[str, str]]
GrantRole = Callable[[Role, datetime | None], str]


class _ServiceDialog(widgets.FormDialog):
    """Calls the service given by the screen; refusals stay in the dialog, an ended session not."""

    def __init__(self, parent: QWidget | None, title: str, ok_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(520)
        self.result_value: Any = None
        self._ended: SessionEnded | None = None
        self.error_label = widgets.error_label(self)
        self.ok_button = QPushButton(ok_text, self)
        self.cancel_button = QPushButton(t("キャンセル(&C)"), self)
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self.cancel_button.clicked.connect(self.reject)

    def _finish(self, layout: QVBoxLayout, *fields: QWidget) -> None:
        widgets.chain_tab_order(*fields, self.ok_button, self.cancel_button)
        fields[0].setFocus()
        layout.addWidget(self.error_label)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.ok_button)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)

    def run(self) -> Any:
        try:
            self.exec()
            if self._ended is not None:
                raise self._ended
            return self.result_value
        finally:
            self.deleteLater()

    def _call(self, call: Callable[[], Any]) -> None:
        try:
            with widgets.busy():
                self.result_value = call()
        except SessionEnded as error:
            self._ended = error
            self.reject()
        except KenshinError as error:
            self.error_label.setText(t(error.message))
        else:
            self.accept()

    @Slot()
    def _on_ok_clicked(self) -> None:
        self.submit()


class NewStaffDialog(_ServiceDialog):
    """ID, name and roles; `ask` returns (login ID, temporary password), or None if cancelled."""

    def __init__(self, parent: QWidget | None, create: CreateStaff) -> None:
        super().__init__(parent, t("職員の新規作成"), t("作成する(&S)"))
        self._create = create
        self.id_edit = widgets.ascii_id_field(self)
        self.id_edit.setPlaceholderText(t("半角英数字 3〜40文字（例: yamada.h）"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(t("例: 山田 花子"))
        self.role_boxes = {  # Alt+1, 2, 3 tick a role
            role: QCheckBox(f"{t(name)}(&{number})", self)
            for number, (role, name) in enumerate(ROLE_NAMES_JA.items(), start=1)
        }
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self._label(t("職員ID(&I)"), self.id_edit), self.id_edit)
        form.addRow(self._label(t("氏名(&M)"), self.name_edit), self.name_edit)
        roles = QVBoxLayout()
        for box in self.role_boxes.values():
            roles.addWidget(box)
        form.addRow(t("役割"), roles)
        layout.addLayout(form)
        self._finish(layout, self.id_edit, self.name_edit, *self.role_boxes.values())

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    @classmethod
    def ask(cls, parent: QWidget | None, create: CreateStaff) -> tuple[str, str] | None:
        result: tuple[str, str] | None = cls(parent, create).run()
        return result

    def submit(self) -> None:
        roles = [role for role, box in self.role_boxes.items() if box.isChecked()]
        login_id, name = self.id_edit.text(), self.name_edit.text()
        self._call(lambda: self._create(login_id, name, roles))


class GrantDialog(_ServiceDialog):
    """A role and, if it should lapse, the last day it holds; `ask` returns the grant id."""

    def __init__(self, parent: QWidget | None, staff_name: str, grant: GrantRole) -> None:
        super().__init__(parent, t("権限の付与"), t("付与する(&S)"))
        self._grant = grant
        self.role_combo = QComboBox(self)
        for role, name in ROLE_NAMES_JA.items():
            self.role_combo.addItem(t(name), role.value)
        self.expiry_box = QCheckBox(t("有効期限を設ける(&E)"), self)
        self.until_edit = QDateEdit(QDate.currentDate().addMonths(3), self)
        self.until_edit.setDisplayFormat("yyyy/MM/dd")
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setMinimumDate(QDate.currentDate())
        self.until_edit.setEnabled(False)
        self.wareki_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(t("{name} さんに権限を付与します。").format(name=staff_name), self))
        form = QFormLayout()
        role_label = QLabel(t("役割(&R)"), self)
        role_label.setBuddy(self.role_combo)
        form.addRow(role_label, self.role_combo)
        form.addRow("", self.expiry_box)
        until_row = QHBoxLayout()
        until_row.addWidget(self.until_edit)
        until_row.addWidget(self.wareki_label, 1)
        form.addRow(t("最終日(&D)"), until_row)
        layout.addLayout(form)
        self._finish(layout, self.role_combo, self.expiry_box, self.until_edit)
        self.expiry_box.toggled.connect(self._on_expiry_toggled)
        self.until_edit.dateChanged.connect(self._on_until_changed)
        self._on_until_changed(self.until_edit.date())

    @classmethod
    def ask(cls, parent: QWidget | None, staff_name: str, grant: GrantRole) -> str | None:
        result: str | None = cls(parent, staff_name, grant).run()
        return result

    @Slot(bool)
    def _on_expiry_toggled(self, checked: bool) -> None:
        self.until_edit.setEnabled(checked)

    @Slot(QDate)
    def _on_until_changed(self, day: QDate) -> None:
        self.wareki_label.setText(t("{day}の終わりまで").format(day=format_date(_as_date(day))))

    def valid_until(self) -> datetime | None:
        """The end of the chosen day in the desk's local time, or None for no expiry."""
        if not self.expiry_box.isChecked():
            return None
        day = _as_date(self.until_edit.date())
        return datetime.combine(day, time(23, 59, 59)).astimezone()

    def submit(self) -> None:
        role = Role(self.role_combo.currentData())
        until = self.valid_until()
        self._call(lambda: self._grant(role, until))


def _as_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
