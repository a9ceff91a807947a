"""The screens of the main window, in navigation order, each with the permission it needs."""

from __future__ import annotations

from app.domain.policy import Permission
from ui.approvals_screen import ApprovalsScreen
from ui.audit_screen import AuditScreen
from ui.batch_issue_screen import BatchIssueScreen
from ui.batch_screen import BatchScreen
from ui.correction_dialog import with_corrections
from ui.devices_screen import DevicesScreen
from ui.extraction_screen import ExtractionScreen
from ui.followup_confirm_screen import FollowupConfirmScreen
from ui.followup_dialog import with_followups
from ui.home_screen import HomeScreen
from ui.issue_dialog import with_issuance
from ui.lookup_screen import LookupScreen
from ui.quality_screen import QualityScreen
from ui.reminders_screen import RemindersScreen
from ui.retention_screen import RetentionScreen
from ui.screen import ScreenContext, ScreenSpec
from ui.settings_screen import SettingsScreen
from ui.staff_screen import StaffScreen
from ui.statistics_screen import StatisticsScreen
from ui.sync_problems_screen import SyncProblemsScreen
from ui.verification_screen import VerificationScreen
from ui.voucher_actions import with_voucher_actions

SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec(
        "home",
        "ホーム",
        Permission.USE_DESK,
        lambda c: HomeScreen(c.desk.desk, c.session, demo=c.demo),
    ),
    ScreenSpec(
        "lookup",
        "住民検索",
        Permission.RESIDENT_SEARCH,
        lambda c: with_followups(
            with_voucher_actions(
                with_issuance(with_corrections(LookupScreen(c.desk.lookup, c.session), c), c), c
            ),
            c,
        ),
    ),
    ScreenSpec(
        "entry",
        "用紙入力",
        Permission.ENTRY_KEY,
        lambda c: BatchScreen(c.desk.entry, c.session),
    ),
    ScreenSpec(
        "verification",
        "照合確認",
        Permission.ADJUDICATE,
        lambda c: VerificationScreen(c.desk.verification, c.session),
    ),
    ScreenSpec(
        "approvals",
        "承認",
        Permission.APPROVE,
        lambda c: ApprovalsScreen(c.desk.corrections, c.session),
    ),
    ScreenSpec(
        "quality",
        "入力品質",
        Permission.ADJUDICATE,
        lambda c: QualityScreen(c.desk.quality, c.session),
    ),
    ScreenSpec(
        "audit",
        "監査ログ",
        Permission.AUDIT_REVIEW,
        lambda c: AuditScreen(c.desk.audit, c.session),
    ),
    ScreenSpec(
        "extraction",
        "対象者抽出",
        Permission.EXTRACT_TARGETS,
        lambda c: ExtractionScreen(c.desk.targets, c.session),
    ),
    ScreenSpec(
        "batch_issue",
        "一括発行",
        Permission.BATCH_ISSUE,
        lambda c: BatchIssueScreen(c.desk.batch_issuance, c.desk.printing, c.session),
    ),
    ScreenSpec(
        "reminders",
        "受診勧奨",
        Permission.BATCH_ISSUE,
        lambda c: RemindersScreen(c.desk.reminders, c.desk.printing, c.desk.targets, c.session),
    ),
    ScreenSpec(
        "followup_confirm",
        "精検結果の確認",
        Permission.ENTRY_KEY,
        lambda c: FollowupConfirmScreen(c.desk.followups, c.session),
    ),
    ScreenSpec(
        "statistics",
        "統計",
        Permission.STATISTICS,
        lambda c: StatisticsScreen(c.desk.statistics, c.desk.targets, c.desk.printing, c.session),
    ),
    ScreenSpec(
        "retention",
        "保存期間の管理",
        Permission.RETENTION_APPROVE,
        lambda c: RetentionScreen(c.desk.retention, c.session),
    ),
    ScreenSpec(
        "sync_problems",
        "同期の問題",
        Permission.SYNC_PROBLEMS,
        lambda c: SyncProblemsScreen(c.desk.sync, c.session),
    ),
    ScreenSpec(
        "staff",
        "職員管理",
        Permission.STAFF_ADMIN,
        lambda c: StaffScreen(c.desk.admin, c.session),
    ),
    ScreenSpec(
        "devices",
        "端末の管理",
        Permission.WORKSTATION_ADMIN,
        lambda c: DevicesScreen(c.desk.admin, c.session),
    ),
    ScreenSpec(
        "settings",
        "設定",
        Permission.SETTINGS_ADMIN,
        lambda c: SettingsScreen(c.desk.admin, c.session),
    ),
)


def screens_for(context: ScreenContext, extra: tuple[ScreenSpec, ...] = ()) -> list[ScreenSpec]:
    """The entries this session's roles may use; the services check again on every call."""
    return [spec for spec in (*SCREENS, *extra) if context.session.may(spec.permission)]
