"""The home screen: a greeting and the role's work queue for today."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from app.domain.errors import KenshinError
from app.services.desk_service import DeskService
from app.services.dto import HomeSummary, StaffSession
from app.services.errors import SessionEnded
from ui import widgets
from ui.background import BackgroundTask, run_in_background
from ui.i18n import N_, t
from ui.labels import role_names
from ui.screen import Screen
from ui.table_model import Column, RowTableModel

# The counts start once the screen has painted (the worker's reads would share the two cores
# with that paint), or after this long if no paint comes.
COUNTS_AT_LATEST_MS = 200
DEMO_NOTICE = N_("デモ版で動作しています。表示される住民・職員はすべて架空のデータです。")


# The core counts in Japanese ("3 件"); the unit is said the desk's way.
COUNT_UNITS = {"件": N_("{count} 件"), "枚": N_("{count} 枚"), "人": N_("{count} 人")}


def count_text(value: str) -> str:
    """A work-queue count ("3 件", "1,234 人") in the desk's language."""
    count, _, unit = value.partition(" ")
    return t(COUNT_UNITS[unit]).format(count=count) if unit in COUNT_UNITS else value


class HomeTableModel(RowTableModel):
    """The work queue: (label, value) pairs from `DeskService.home`."""

    columns = (
        Column(N_("項目"), lambda item: t(item[0])),
        Column(N_("件数"), lambda item: count_text(item[1]), numeric=True),
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
        self.counts_task: BackgroundTask | None = None
        self._counts_wanted = False
        self.model = HomeTableModel(parent=self)
        self.table = widgets.SafeTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.setAccessibleName(t("本日の作業"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)  # the items take the room, the counts fit
        self.table.setMaximumWidth(720)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        greeting = t("{name} さん、おつかれさまです。").format(name=session.display_name)
        self.greeting_label = widgets.heading(greeting, self, scale=1.6)
        self.roles_label = QLabel(t("役割: {roles}").format(roles=role_names(session.roles)), self)
        layout.addWidget(self.greeting_label)
        layout.addWidget(self.roles_label)
        self.demo_label: QLabel | None = None
        if demo:
            self.demo_label = QLabel(t(DEMO_NOTICE), self)
            self.demo_label.setStyleSheet(widgets.NOTICE_STYLE)
            self.demo_label.setWordWrap(True)
            self.demo_label.setMaximumWidth(720)
            layout.addWidget(self.demo_label)
        layout.addSpacing(8)
        title = widgets.heading(t("本日の作業"), self, scale=1.2)
        title.setBuddy(self.table)
        layout.addWidget(title)
        layout.addWidget(self.table, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self._fit_widths()
        widgets.follow_font(self, self._fit_widths)

    def _fit_widths(self) -> None:
        """720 and 520 px at the base text size; wider with larger text, so nothing is cut
        (but not so wide that 200 % on a 1280-pixel display needs a scroll bar)."""
        self.table.setMaximumWidth(widgets.text_scaled(self, 720))
        self.table.setMinimumWidth(max(520, widgets.text_scaled(self, 400)))
        if self.demo_label is not None:
            self.demo_label.setMaximumWidth(widgets.text_scaled(self, 720))

    def refresh(self) -> None:
        ok, summary = self.attempt(lambda: self._desk.home(self._session))
        if ok and summary is not None:
            self._show_summary(summary)

    def refresh_in_background(self) -> None:
        """The same counts read on a worker thread (they count the whole register: 0.1 s and
        more at 1.6 million residents), so the screen is on show at once after a login; they
        start once it has painted."""
        self._counts_wanted = True
        self.update()
        QTimer.singleShot(COUNTS_AT_LATEST_MS, self, self._start_counts)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._counts_wanted:
            QTimer.singleShot(0, self, self._start_counts)  # once this paint is done

    def _start_counts(self) -> None:
        if not self._counts_wanted:
            return
        self._counts_wanted = False
        if self.counts_task is not None and self.counts_task.is_running():
            return
        desk, session = self._desk, self._session
        self.counts_task = run_in_background(
            self,
            lambda _progress: desk.home(session),
            on_done=self._show_summary,
            on_error=self._on_counts_failed,
        )

    def _on_counts_failed(self, error: BaseException) -> None:
        if isinstance(error, SessionEnded):
            self.session_ended.emit(t(error.message))
        elif isinstance(error, KenshinError):
            widgets.show_error(self, t(error.message))
        else:
            raise error  # a bug: the desk's handler for unexpected errors says so

    def _show_summary(self, summary: HomeSummary) -> None:
        self.model.set_rows(summary.items)
        widgets.fit_to_rows(self.table)
        self._fit_contents()

    def _fit_contents(self) -> None:
        """Wide enough for the longest item (longer in English), within the maximum."""
        table = self.table
        needed = (
            table.sizeHintForColumn(0)
            + table.horizontalHeader().sectionSizeHint(1)
            + (table.verticalHeader().width() if table.verticalHeader().isVisible() else 0)
            + 2 * table.frameWidth()
            + widgets.text_scaled(self, 24)
        )
        table.setMinimumWidth(min(table.maximumWidth(), max(table.minimumWidth(), needed)))
