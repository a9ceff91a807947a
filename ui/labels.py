"""Japanese words for the codes the services record (audit actions, outcomes, record kinds)."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.policy import ROLE_NAMES_JA, Role
from app.domain.wareki import format_date, format_fiscal_year
from app.services.dto import DeskStatus
from app.services.lookup_dto import HistoryLine
from app.services.printing_service import DOCUMENT_KINDS
from ui.i18n import N_, t

NEVER_SYNCED = N_("未同期")

ACTIONS = {
    "login": N_("ログイン"),
    "logout": N_("ログアウト"),
    "lock": N_("IDロック"),
    "idle_lock": N_("画面ロック"),
    "unlock": N_("ロック解除"),
    "password_change": N_("パスワード変更"),
    "password_reset": N_("パスワード再設定"),
    "create": N_("作成"),
    "view": N_("閲覧"),
    "account_unlock": N_("IDロック解除"),
    "staff_disable": N_("利用停止"),
    "staff_enable": N_("利用再開"),
    "grant_issue": N_("権限付与"),
    "grant_revoke": N_("権限取消"),
    "permission_denied": N_("権限外の操作"),
    "session_ended": N_("利用終了"),
    "audit_verify": N_("改ざん検査"),
    "draft_save": N_("下書き保存"),
    "draft_restore": N_("下書き復元"),
    "my_number_reveal": N_("個人番号表示"),
    "my_number_search": N_("個人番号検索"),
    "extract_targets": N_("対象者抽出"),
    "entry_start": N_("入力開始"),
    "entry_submit": N_("入力登録"),
    "entries_compared": N_("2回入力の照合"),
    "blind_value": N_("用紙値の入力"),
    "adjudicate": N_("照合判断"),
    "identity_resolve": N_("本人確定"),
    "form_verified": N_("結果登録"),
    "correction_request_change": N_("訂正申請"),
    "correction_request_delete": N_("削除申請"),
    "correction_approved": N_("訂正・削除の承認"),
    "correction_rejected": N_("訂正・削除の却下"),
    "correction_mismatch": N_("承認時の再入力不一致"),
    "voucher_issue": N_("受診券発行"),
    "voucher_reissue": N_("受診券再発行"),
    "voucher_void": N_("受診券取消"),
    "issue_refused": N_("発行拒否"),
    "support_release": N_("支援措置者への個別発行"),
    "print": N_("印刷"),
    "batch_plan": N_("一括発行の対象抽出"),
    "notice_prepare": N_("通知の作成"),
    "login_offline": N_("オフラインでのログイン"),
    "enroll": N_("端末の登録"),
    "device_enroll": N_("端末の登録"),
    "sync_problem_retry": N_("同期の問題の再送"),
    "sync_problem_discard": N_("同期の問題の破棄"),
    "sync_session_revoked": N_("同期による利用終了"),
    "device_revoked": N_("端末の登録取消"),
    "audit_rollback_detected": N_("監査ログの巻き戻しを検出"),
    "statistics": N_("統計の作成"),
    "retention_approve": N_("保存期間経過記録の削除承認"),
    "retention_names": N_("保存期間経過記録の名簿閲覧"),
    "retention_purge": N_("保存期間経過記録の削除"),
    "audit_reviewed": N_("監査ログの確認済み記録"),
    "setting_change": N_("設定変更"),
    "enrollment_code_issue": N_("端末登録コード発行"),
    "device_revoke": N_("端末登録取消"),
    "followup_record": N_("精検結果の入力"),
    "followup_confirm": N_("精検結果の確認"),
    "followup_mismatch": N_("精検結果の再入力不一致"),
    "renkei_request": N_("前住所地への情報照会"),
    "renkei_confirm": N_("照会結果の取込"),
    "renkei_reject": N_("照会結果の差し戻し"),
    "renkei_exchange": N_("中間サーバーとの送受信"),
}

OUTCOMES = {
    "ok": N_("成功"),
    "failure": N_("失敗"),
    "locked": N_("ロック中"),
    "denied": N_("拒否"),
    "broken": N_("異常"),
}

RECORD_KINDS = {
    "login_name": N_("ログイン名"),
    "staff": N_("職員"),
    "staff_list": N_("職員一覧"),
    "grant": N_("権限"),
    "permission": N_("権限"),
    "audit_log": N_("監査ログ"),
    "resident": N_("住民"),
    "program": N_("検診"),
    "form_batch": N_("用紙バッチ"),
    "paper_form": N_("用紙"),
    "form_entry": N_("入力"),
    "adjudication": N_("照合判断"),
    "screening_result": N_("検診結果"),
    "correction_request": N_("訂正・削除申請"),
    "voucher": N_("受診券"),
    "issuance_run": N_("一括発行"),
    "support_list": N_("支援措置対象者一覧"),
    "workstation": N_("端末"),
    "device": N_("端末"),
    "sync_problem": N_("同期の問題"),
    "sync_problems": N_("同期の問題"),
    "outbox": N_("送信待ちの記録"),
    "audit_checkpoint": N_("監査ログの確認点"),
    "audit_review": N_("監査ログの確認"),
    "setting": N_("設定"),
    "device_list": N_("端末一覧"),
    "retention_candidates": N_("保存期間経過の一覧"),
    "retention_group": N_("保存期間経過の区分（検診・年度）"),
    "renkei": N_("情報連携"),
    "renkei_requests": N_("情報照会の一覧"),
    "renkei_answers": N_("照会結果の一覧"),
    "renkei_answer": N_("照会結果"),
    "renkei_provisions": N_("情報提供等記録"),
    **DOCUMENT_KINDS,  # what a print job printed
}


def action_label(code: str) -> str:
    return t(ACTIONS.get(code, code))


def outcome_label(code: str) -> str:
    return t(OUTCOMES.get(code, code))


def record_kind_label(code: str | None) -> str:
    return "" if code is None else t(RECORD_KINDS.get(code, code))


def role_names(roles: Iterable[Role]) -> str:
    """Roles in policy-table order, joined as Japanese lists are: 事務担当・保護責任者."""
    held = set(roles)
    return t("・").join(role_name(role) for role in ROLE_NAMES_JA if role in held)


def role_name(role: Role) -> str:
    """事務担当, 保護責任者, システム管理者 in the desk's language."""
    return t(ROLE_NAMES_JA[role])


def status_text(status: DeskStatus) -> str:
    """The status bar: who, where and which fiscal year (the sync line stands beside it)."""
    return t("　｜　").join(
        (
            t("利用者: {name}").format(name=status.display_name),
            t("端末: {name}").format(name=status.workstation),
            t("年度: {year}").format(year=format_fiscal_year(status.fiscal_year)),
        )
    )


def history_line_text(line: HistoryLine) -> str:
    """One screening of the history, as the dialogs about it name it."""
    return t("{program}　受診日 {day}　判定 {judgement}").format(
        program=t(line.program_name), day=format_date(line.screened_on), judgement=t(line.judgement)
    )
