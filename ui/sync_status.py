"""The status bar's sync line: last sync, what waits to go up, problems; activating it syncs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QPushButton, QWidget

from app.domain.errors import KenshinError
from app.services.sync_dto import SyncStatus
from ui.i18n import N_, t

log = logging.getLogger(__name__)

REFRESH_MS = 10_000
MESSAGE_CHARS = 40
SEPARATOR = N_(" ・ ")
NOT_ENROLLED_TEXT = N_("未登録（単独運用）")
OFFLINE_TEXT = N_("オフライン")
SYNCING_TEXT = N_("同期中…")
NEEDS_ONLINE_LOGIN_TEXT = N_("オンラインで再ログインすると送信されます")
DEVICE_REVOKED_TEXT = N_("この端末の登録は取り消されました（未送信の記録は保存されています）")
UNREADABLE_TEXT = N_("同期の状態を読み取れません")
NEVER_TEXT = N_("最終同期 まだありません")
PROBLEMS_HINT = N_("同期の問題は、保護責任者が「同期の問題」画面で再送か破棄を選びます。")
CLICK_HINT = N_("クリックするか Space キーで今すぐ同期します（Ctrl+Shift+S）。")
NORMAL_STYLE = "QPushButton { border: none; padding: 2px 10px; text-align: right; }"
WARNING_STYLE = NORMAL_STYLE.replace("border: none;", "border: none; color: #7a4f00;")
ERROR_STYLE = NORMAL_STYLE.replace("border: none;", "border: none; color: #b3261e;")


def short_time(moment: datetime) -> str:
    """A UTC instant as the status bar shows it, in local time: 11/26 10:32."""
    local = moment.astimezone()
    return f"{local.month}/{local.day} {local:%H:%M}"


def sync_status_text(status: SyncStatus, *, syncing: bool = False) -> str:
    """最終同期 11/26 10:32 ・ 未送信 3件 ・ 同期の問題 1件, led by what is going on now."""
    if not status.enrolled:
        return t(NOT_ENROLLED_TEXT)
    parts: list[str] = []
    if syncing:
        parts.append(t(SYNCING_TEXT))
    elif status.online is False:
        parts.append(t(OFFLINE_TEXT))
    last = status.last_sync_at
    parts.append(
        t("最終同期 {time}").format(time=short_time(last)) if last is not None else t(NEVER_TEXT)
    )
    parts.append(t("未送信 {count:,}件").format(count=status.pending))
    if status.problems:
        parts.append(t("同期の問題 {count:,}件").format(count=status.problems))
    if status.needs_online_login:
        parts.append(t(NEEDS_ONLINE_LOGIN_TEXT))
    elif status.message:  # the whole message is in the tooltip
        message = t(status.message)
        parts.append(message if len(message) <= MESSAGE_CHARS else f"{message[:MESSAGE_CHARS]}…")
    return t(SEPARATOR).join(parts)


def _style_of(status: SyncStatus | None, revoked: bool) -> str:
    if revoked or status is None or (status.enrolled and status.problems):
        return ERROR_STYLE
    if status.enrolled and (status.online is False or status.needs_online_login or status.message):
        return WARNING_STYLE
    return NORMAL_STYLE


class SyncStatusWidget(QPushButton):
    """A flat button in the status bar; it reads `status()` itself every REFRESH_MS."""

    sync_requested = Signal()

    def __init__(
        self,
        source: Callable[[], SyncStatus],
        parent: QWidget | None = None,
        *,
        refresh_ms: int = REFRESH_MS,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self.status: SyncStatus | None = None
        self.syncing = False
        self.revoked = False
        self._trouble = ""
        self._unreadable = ""
        self.setFlat(True)
        self.setAutoDefault(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(t("同期の状態"))
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self._on_timer)
        self.clicked.connect(self._on_clicked)

    def start(self) -> None:
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        """Read the status again; nothing it raises may reach the event loop."""
        try:
            self.status, self._unreadable = self._source(), ""
        except KenshinError as error:
            self.status, self._unreadable = None, t(error.message)
        except Exception as error:  # a 10-second timer must not pop an error box each time
            log.error("sync status unreadable: %s", type(error).__name__)
            self.status, self._unreadable = None, t(UNREADABLE_TEXT)
        self._show()

    def set_syncing(self, syncing: bool) -> None:
        self.syncing = syncing
        if syncing:
            self._trouble = ""
        self.refresh()

    def set_revoked(self) -> None:
        """The server revoked this workstation: say so until the app is restarted."""
        self.revoked = True
        self.timer.stop()
        self._show()

    def show_trouble(self, message: str) -> None:
        """A round failed in a way the status does not carry; shown until the next round."""
        self._trouble = message
        self._show()

    def _show(self) -> None:
        status = self.status
        if self.revoked:
            text = t(DEVICE_REVOKED_TEXT)
        elif status is None:
            text = self._unreadable
        else:
            text = sync_status_text(status, syncing=self.syncing)
            if self._trouble and status.enrolled:
                text = f"{text}{t(SEPARATOR)}{self._trouble}"
        self.setText(text)
        self.setStyleSheet(_style_of(status, self.revoked))
        self.setToolTip(self._tooltip(status))

    def _tooltip(self, status: SyncStatus | None) -> str:
        lines: list[str] = []
        if status is not None and status.enrolled:
            lines.append(t("サーバー: {url}").format(url=status.server_url or "—"))
            lines.append(t("端末名: {name}").format(name=status.workstation_name or "—"))
            if status.message:
                lines.append(t(status.message))
            if status.problems:
                lines.append(t(PROBLEMS_HINT))
        if not self.revoked and status is not None and status.enrolled:
            lines.append(t(CLICK_HINT))
        return "\n".join(lines)

    @Slot()
    def _on_timer(self) -> None:
        if not self.revoked:
            self.refresh()

    @Slot()
    def _on_clicked(self) -> None:
        if not (self.syncing or self.revoked):
            self.sync_requested.emit()
