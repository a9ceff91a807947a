"""The home screen: a greeting and the role's work queue for today."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from app.services.desk_service import DeskService
from app.services.dto import StaffSession
from ui import widgets
from ui.labels import role_names
from ui.screen import Screen
from ui.table_model import Column, RowTableModel

DEMO_NOTICE = "デモ版で動作しています。表示される住民・職員はすべて架空のデータです。"


class HomeTableModel(RowTableModel):
    """The work queue: (label, value) pairs from `DeskService.home`."""

    columns = (
        Column("項目", lambda item: item[0]),
        Column("件数", lambda item: item[1], numeric=True),
    )


class HomeScreen(Screen):
    def __init__(
        self,
        desk: DeskService,
        session: StaffSession,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._session = session
        self.model = HomeTableModel(parent=self)
        self.table = widgets.SafeTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.setAccessibleName("本日の作業")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMaximumWidth(720)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        greeting = f"{session.display_name} さん、おつかれさまです。"
        self.greeting_label = widgets.heading(greeting, self, scale=1.6)
        self.roles_label = QLabel(f"役割: {role_names(session.roles)}", self)
        layout.addWidget(self.greeting_label)
        layout.addWidget(self.roles_label)
        self.demo_label: QLabel | None = None
        if demo:
            self.demo_label = QLabel(DEMO_NOTICE, self)
            self.demo_label.setStyleSheet(widgets.NOTICE_STYLE)
            self.demo_label.setWordWrap(True)
            self.demo_label.setMaximumWidth(720)
            layout.addWidget(self.demo_label)
        layout.addSpacing(8)
        title = widgets.heading("本日の作業", self, scale=1.2)
        title.setBuddy(self.table)
        layout.addWidget(title)
        layout.addWidget(self.table, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.table.setMinimumWidth(520)

    def refresh(self) -> None:
        ok, summary = self.attempt(lambda: self._desk.home(self._session))
        if ok and summary is not None:
            self.model.set_rows(summary.items)
            widgets.fit_to_rows(self.table)
