"""情報連携: 情報照会 to a resident's former city through the server's link with the
中間サーバー, the answers waiting for a second person, and the 情報提供等記録.

Every list comes from the server (nothing of it is kept on the desk) and loads in the
background, so a slow server never freezes the desk. An answer enters the resident's history
only when a supervisor other than the one who asked confirms it; a returned answer needs a
reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from app.services.renkei_dto import DecisionOutcome, ExchangeOutcome, RenkeiAnswerView
from app.services.renkei_service import RenkeiService
from ui import widgets
from ui.background import BackgroundTask, run_in_background
from ui.i18n import N_, t
from ui.renkei_models import ProvisionTableModel, RenkeiRequestTableModel
from ui.renkei_tabs import AnswerPage, ListPage, RejectDialog
from ui.screen import Screen

LOADING_TEXT = N_("サーバーに問い合わせています…")
REQUEST_NOTE = N_(
    "照会は、住民検索で転入した住民を開き「前住所地へ照会」から依頼します。"
    "転入後の一定日数が過ぎた住民の照会は、サーバーが自動で作成します。"
)
PAGES = ("requests", "answers", "provisions")


def exchange_text(done: ExchangeOutcome) -> str:
    return t(
        "送受信しました: 自動照会 {queued:,}件、送信 {sent:,}件、受信 {received:,}件、"
        "受付不可 {refused:,}件、副本登録 {registered:,}件、削除 {purged:,}件"
    ).format(
        queued=done.queued_auto,
        sent=done.sent,
        received=done.received,
        refused=done.refused,
        registered=done.registered,
        purged=done.purged,
    )


class RenkeiScreen(Screen):
    def __init__(
        self, renkei: RenkeiService, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._renkei = renkei
        self._session = session
        self.tasks: dict[str, BackgroundTask] = {}
        self.requests = ListPage(
            self, RenkeiRequestTableModel(), t("情報照会"), t("住民・状態・依頼者など")
        )
        self.answers = AnswerPage(self, t("確認して取り込む(&K)"), t("差し戻す(&D)"))
        self.provisions = ListPage(
            self, ProvisionTableModel(), t("情報提供等記録"), t("住民・種別・相手方・職員など")
        )
        self.tabs = QTabWidget(self)
        self.message_label = widgets.error_label(self)
        self.busy_label = QLabel(self)
        self.exchange_label = QLabel(self)
        self.exchange_label.setStyleSheet(widgets.OK_STYLE)
        self.exchange_label.setWordWrap(True)
        self.reload_action = widgets.screen_action(
            self, t("再読込"), QKeySequence.StandardKey.Refresh
        )
        self.exchange_action = widgets.screen_action(self, t("今すぐ送受信"), "Ctrl+E")
        self.confirm_action = widgets.screen_action(self, t("確認して取り込む"), "Ctrl+M")
        self.reject_action = widgets.screen_action(self, t("差し戻す"), "Ctrl+Shift+D")
        self.find_action = widgets.screen_action(self, t("絞り込み"), QKeySequence.StandardKey.Find)
        self._build()
        self.reload_action.triggered.connect(self.refresh)
        self.exchange_action.triggered.connect(self._on_exchange)
        self.confirm_action.triggered.connect(self._on_confirm)
        self.reject_action.triggered.connect(self._on_reject)
        self.find_action.triggered.connect(self._on_find)
        self.answers.confirm_button.clicked.connect(self._on_confirm)
        self.answers.reject_button.clicked.connect(self._on_reject)
        self.answers.chosen.connect(self._on_answer_chosen)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._on_answer_chosen(None)

    def _build(self) -> None:
        exchange_button = widgets.action_button(self, self.exchange_action)
        reload_button = widgets.action_button(self, self.reload_action)
        row = QHBoxLayout()
        row.addWidget(exchange_button)
        row.addWidget(self.exchange_label, 1)
        self.requests.top.addLayout(row)
        note = QLabel(t(REQUEST_NOTE), self.requests)
        note.setWordWrap(True)
        self.requests.top.addWidget(note)
        self.tabs.addTab(self.requests, t("照会(&1)"))
        self.tabs.addTab(self.answers, t("確認待ち(&2)"))
        self.tabs.addTab(self.provisions, t("情報提供等記録(&3)"))
        head = QHBoxLayout()
        head.addWidget(widgets.heading(t("情報連携"), self))
        head.addStretch(1)
        head.addWidget(self.busy_label)
        head.addWidget(reload_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addLayout(head)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)
        widgets.chain_tab_order(
            reload_button,
            self.tabs,
            exchange_button,
            self.requests.filter_edit,
            self.requests.table,
        )

    # ------------------------------------------------------------ loading in the background

    def busy(self) -> bool:
        return any(task.is_running() for task in self.tasks.values())

    def _run(
        self,
        key: str,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        *,
        newest_wins: bool = False,
    ) -> None:
        """One server call off the GUI thread. A list asked for again replaces the load under
        way (its answer may be older than the change that asked); an action already running
        is not started twice."""
        running = self.tasks.get(key)
        if running is not None and running.is_running():
            if not newest_wins:
                return
            running.cancel()
        self.message_label.clear()
        self.busy_label.setText(t(LOADING_TEXT))

        def done(value: Any) -> None:
            self._settle(key)
            on_done(value)

        def failed(error: BaseException) -> None:
            self._settle(key)
            self._on_failed(error)

        self.tasks[key] = run_in_background(
            self, lambda _progress: work(), on_done=done, on_error=failed
        )

    def _settle(self, key: str) -> None:
        self.tasks.pop(key, None)
        if not self.busy():
            self.busy_label.clear()

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, SessionEnded):
            self.session_ended.emit(t(error.message))
        elif isinstance(error, KenshinError):
            # On the screen, not in a box: offline or not enrolled is an ordinary situation.
            self.message_label.setText(t(error.message))
        else:
            raise error

    def refresh(self) -> None:
        """Load the page on show (each list is read from the server, and audited there)."""
        self.load(PAGES[max(self.tabs.currentIndex(), 0)])

    def load(self, page: str) -> None:
        renkei, session = self._renkei, self._session
        if page == "requests":
            self._run(
                page, lambda: renkei.requests(session), self.requests.set_rows, newest_wins=True
            )
        elif page == "answers":
            self._run(
                page, lambda: renkei.answers(session), self.answers.set_rows, newest_wins=True
            )
        else:
            self._run(
                page, lambda: renkei.provisions(session), self.provisions.set_rows, newest_wins=True
            )

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        if index >= 0:
            self.load(PAGES[index])

    # ------------------------------------------------------------ actions

    @Slot()
    def _on_exchange(self) -> None:
        self.exchange_label.clear()
        renkei, session = self._renkei, self._session

        def done(outcome: ExchangeOutcome) -> None:
            self.exchange_label.setText(exchange_text(outcome))
            self.refresh()

        self._run("exchange", lambda: renkei.exchange(session), done)

    @Slot(object)
    def _on_answer_chosen(self, answer: RenkeiAnswerView | None) -> None:
        self.confirm_action.setEnabled(answer is not None and not answer.mine)
        self.reject_action.setEnabled(answer is not None)

    @Slot()
    def _on_confirm(self) -> None:
        answer = self.answers.selected()
        if answer is None or answer.mine:
            return
        question = t(
            "{name}さんの前住所地（{city}）での検診結果 {count:,}件を受診歴に取り込みます。"
            "取り込んだ結果は今後の対象者の判定に使われます。よろしいですか。"
        ).format(
            name=answer.resident_name or t("（住民記録なし）"),
            city=answer.former_city,
            count=len(answer.items),
        )
        if not widgets.confirm(self, question):
            return
        renkei, session = self._renkei, self._session
        self._run(
            "decision",
            lambda: renkei.confirm_answer(session, answer_id=answer.id),
            self._on_decided,
        )

    @Slot()
    def _on_reject(self) -> None:
        answer = self.answers.selected()
        if answer is None:
            return
        renkei, session = self._renkei, self._session
        ok, outcome = self.attempt(
            lambda: RejectDialog.ask(
                self,
                answer,
                lambda reason: renkei.reject_answer(session, answer_id=answer.id, reason=reason),
            )
        )
        if ok and outcome is not None:
            self._on_decided(outcome)

    def _on_decided(self, outcome: DecisionOutcome) -> None:
        if outcome.answer.status == "confirmed":
            text = t("受診歴に取り込みました（{count:,}件）。").format(
                count=len(outcome.answer.items)
            )
            if not outcome.synced and outcome.sync_message:
                text += " " + t(outcome.sync_message)
        else:
            text = t("差し戻しました。受診歴には取り込まれません。")
        self.load("answers")
        self.answers.result_label.setText(text)

    @Slot()
    def _on_find(self) -> None:
        page = self.tabs.currentWidget()
        edit = page.list.filter_edit if isinstance(page, AnswerPage) else page.filter_edit
        edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        edit.selectAll()
