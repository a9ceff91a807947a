"""前住所地へ照会: from the lookup screen's detail pane, a supervisor asks the former city of a
resident who moved in for their screening results (情報照会, through the server).

The server decides whether the request can go (a 個人番号 on record, moved in, no request
open); its Japanese refusal is shown as it is. The answer comes back on the 情報連携 screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.policy import Permission
from app.domain.wareki import format_date
from app.services.dto import StaffSession
from app.services.lookup_dto import ResidentDetail
from app.services.renkei_dto import RenkeiRequestView
from app.services.renkei_service import MAX_REASON, RenkeiService
from ui import widgets
from ui.i18n import N_, t
from ui.lookup_screen import LookupScreen
from ui.screen import ScreenContext
from ui.staff_dialogs import _ServiceDialog

ACTION_TEXT = N_("前住所地へ照会")
ACTION_TIP = N_(
    "転入した住民の、前住所地の市区町村での検診結果を情報提供ネットワークシステムで照会します"
    "（回答は情報連携の画面で、別の保護責任者が確認して取り込みます）"
)
NOT_MOVED_IN = N_("転入日の記録がない住民は照会できません。")
REQUESTED_TEXT = N_("照会を依頼しました。回答は「情報連携」の画面の確認待ちに届きます。")


class RenkeiRequestDialog(_ServiceDialog):
    """The resident, the move-in date and an optional reason; `ask` gives the request made."""

    def __init__(
        self, parent: QWidget | None, detail: ResidentDetail, request: Callable[[str], object]
    ) -> None:
        super().__init__(parent, t("前住所地への照会"), t("照会する(&S)"))
        self._request = request
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_edit.setPlaceholderText(t("例: 転入時の窓口で受診歴の確認を希望"))
        self.reason_edit.setAccessibleName(t("理由"))
        self.submit_field = self.reason_edit
        moved_in = format_date(detail.moved_in) if detail.moved_in else "—"
        about = QLabel(
            t("{name}（転入日 {day}）の前住所地での検診結果を照会します。").format(
                name=detail.row.name, day=moved_in
            ),
            self,
        )
        about.setWordWrap(True)
        label = QLabel(t("理由(&R)（任意）"), self)
        label.setBuddy(self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(label)
        layout.addWidget(self.reason_edit)
        self._finish(layout, self.reason_edit)

    @classmethod
    def ask(
        cls, parent: QWidget | None, detail: ResidentDetail, request: Callable[[str], object]
    ) -> RenkeiRequestView | None:
        result: RenkeiRequestView | None = cls(parent, detail, request).run()
        return result

    def submit(self) -> None:
        reason = self.reason_edit.text()
        self._call(lambda: self._request(reason))


class RenkeiRequests(QObject):
    """Adds 前住所地へ照会 under the resident's facts and files it with the service."""

    def __init__(self, screen: LookupScreen, renkei: RenkeiService, session: StaffSession) -> None:
        super().__init__(screen)
        self._screen = screen
        self._renkei = renkei
        self._session = session
        pane = screen.detail
        self.action = widgets.screen_action(pane, t(ACTION_TEXT), "Ctrl+Shift+K")
        self.action.setEnabled(False)
        self.button = widgets.action_button(pane, self.action)
        self.button.setEnabled(False)
        self.button.setToolTip(t(ACTION_TIP))
        self.label = QLabel(pane)
        self.label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.label, 1)
        layout = pane.content.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertLayout(layout.indexOf(pane.notes_label) + 1, row)
        pane.shown.connect(self._on_shown)
        self.action.triggered.connect(self._on_triggered)

    @Slot(object)
    def _on_shown(self, detail: ResidentDetail | None) -> None:
        moved_in = detail is not None and detail.moved_in is not None
        self.action.setEnabled(moved_in)
        self.label.setStyleSheet("")
        if detail is None:
            self.label.clear()
        elif detail.moved_in is None:
            self.label.setText(t(NOT_MOVED_IN))
        else:
            self.label.setText(t("転入日: {day}").format(day=format_date(detail.moved_in)))

    @Slot()
    def _on_triggered(self) -> None:
        detail = self._screen.detail.detail
        if detail is None or detail.moved_in is None:
            return
        renkei, session, resident_id = self._renkei, self._session, detail.row.id

        def request(reason: str) -> RenkeiRequestView:
            return renkei.request(session, resident_id=resident_id, reason=reason)

        ok, made = self._screen.attempt(
            lambda: RenkeiRequestDialog.ask(self._screen, detail, request)
        )
        if ok and made is not None:
            self.label.setStyleSheet(widgets.OK_STYLE)
            self.label.setText(t(REQUESTED_TEXT))


def with_renkei(screen: LookupScreen, context: ScreenContext) -> LookupScreen:
    """Give the detail pane its 前住所地へ照会 action, for supervisors only."""
    if context.session.may(Permission.RENKEI):
        RenkeiRequests(screen, context.desk.renkei, context.session)
    return screen
