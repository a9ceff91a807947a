"""Japanese words for the codes the services record (audit actions, outcomes, record kinds)."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.policy import ROLE_NAMES_JA, Role
from app.domain.wareki import format_fiscal_year
from app.services.dto import DeskStatus
from app.services.printing_service import DOCUMENT_KINDS

NEVER_SYNCED = "未同期"

ACTIONS = {
    "login": "ログイン",
    "logout": "ログアウト",
    "lock": "IDロック",
    "idle_lock": "画面ロック",
    "unlock": "ロック解除",
    "password_change": "パスワード変更",
    "password_reset": "パスワード再設定",
    "create": "作成",
    "view": "閲覧",
    "account_unlock": "IDロック解除",
    "staff_disable": "利用停止",
    "staff_enable": "利用再開",
    "grant_issue": "権限付与",
    "grant_revoke": "権限取消",
    "permission_denied": "権限外の操作",
    "session_ended": "利用終了",
    "audit_verify": "改ざん検査",
    "draft_save": "下書き保存",
    "draft_restore": "下書き復元",
    "my_number_reveal": "個人番号表示",
    "my_number_search": "個人番号検索",
    "extract_targets": "対象者抽出",
    "entry_start": "入力開始",
    "entry_submit": "入力登録",
    "entries_compared": "2回入力の照合",
    "blind_value": "用紙値の入力",
    "adjudicate": "照合判断",
    "identity_resolve": "本人確定",
    "form_verified": "結果登録",
    "correction_request_change": "訂正申請",
    "correction_request_delete": "削除申請",
    "correction_approved": "訂正・削除の承認",
    "correction_rejected": "訂正・削除の却下",
    "correction_mismatch": "承認時の再入力不一致",
    "voucher_issue": "受診券発行",
    "voucher_reissue": "受診券再発行",
    "voucher_void": "受診券取消",
    "issue_refused": "発行拒否",
    "support_release": "支援措置者への個別発行",
    "print": "印刷",
    "batch_plan": "一括発行の対象抽出",
    "notice_prepare": "通知の作成",
    "login_offline": "オフラインでのログイン",
    "enroll": "端末の登録",
    "device_enroll": "端末の登録",
    "sync_problem_retry": "同期の問題の再送",
    "sync_problem_discard": "同期の問題の破棄",
    "sync_session_revoked": "同期による利用終了",
    "device_revoked": "端末の登録取消",
    "audit_rollback_detected": "監査ログの巻き戻しを検出",
    "statistics": "統計の作成",
    "retention_approve": "保存期間経過記録の削除承認",
    "retention_names": "保存期間経過記録の名簿閲覧",
    "retention_purge": "保存期間経過記録の削除",
    "audit_reviewed": "監査ログの確認済み記録",
    "setting_change": "設定変更",
    "enrollment_code_issue": "端末登録コード発行",
    "device_revoke": "端末登録取消",
    "followup_record": "精検結果の入力",
    "followup_confirm": "精検結果の確認",
    "followup_mismatch": "精検結果の再入力不一致",
}

OUTCOMES = {
    "ok": "成功",
    "failure": "失敗",
    "locked": "ロック中",
    "denied": "拒否",
    "broken": "異常",
}

RECORD_KINDS = {
    "login_name": "ログイン名",
    "staff": "職員",
    "staff_list": "職員一覧",
    "grant": "権限",
    "permission": "権限",
    "audit_log": "監査ログ",
    "resident": "住民",
    "program": "検診",
    "form_batch": "用紙バッチ",
    "paper_form": "用紙",
    "form_entry": "入力",
    "adjudication": "照合判断",
    "screening_result": "検診結果",
    "correction_request": "訂正・削除申請",
    "voucher": "受診券",
    "issuance_run": "一括発行",
    "support_list": "支援措置対象者一覧",
    "workstation": "端末",
    "device": "端末",
    "sync_problem": "同期の問題",
    "sync_problems": "同期の問題",
    "outbox": "送信待ちの記録",
    "audit_checkpoint": "監査ログの確認点",
    "audit_review": "監査ログの確認",
    "setting": "設定",
    "device_list": "端末一覧",
    "retention_candidates": "保存期間経過の一覧",
    "retention_group": "保存期間経過の区分（検診・年度）",
    **DOCUMENT_KINDS,  # what a print job printed
}


def action_label(code: str) -> str:
    return ACTIONS.get(code, code)


def outcome_label(code: str) -> str:
    return OUTCOMES.get(code, code)


def record_kind_label(code: str | None) -> str:
    return "" if code is None else RECORD_KINDS.get(code, code)


def role_names(roles: Iterable[Role]) -> str:
    """Roles in policy-table order, joined as Japanese lists are: 事務担当・保護責任者."""
    held = set(roles)
    return "・".join(name for role, name in ROLE_NAMES_JA.items() if role in held)


def status_text(status: DeskStatus) -> str:
    """The status bar: who, where and which fiscal year (the sync line stands beside it)."""
    return "　｜　".join(
        (
            f"利用者: {status.display_name}",
            f"端末: {status.workstation}",
            f"年度: {format_fiscal_year(status.fiscal_year)}",
        )
    )
