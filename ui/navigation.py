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
from ui.i18n import N_
from ui.issue_dialog import with_issuance
from ui.lookup_screen import LookupScreen
from ui.quality_screen import QualityScreen
from ui.reminders_screen import RemindersScreen
from ui.renkei_request import with_renkei
from ui.renkei_screen import RenkeiScreen
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
        N_("ホーム"),
        Permission.USE_DESK,
        lambda c: HomeScreen(c.desk.desk, c.session, demo=c.demo),
    ),
    ScreenSpec(
        "lookup",
        N_("住民検索"),
        Permission.RESIDENT_SEARCH,
        lambda c: with_renkei(
            with_followups(
                with_voucher_actions(
                    with_issuance(with_corrections(LookupScreen(c.desk.lookup, c.session), c), c),
                    c,
                ),
                c,
            ),
            c,
        ),
    ),
    ScreenSpec(
        "entry",
        N_("用紙入力"),
        Permission.ENTRY_KEY,
        lambda c: BatchScreen(c.desk.entry, c.session),
    ),
    ScreenSpec(
        "verification",
        N_("照合確認"),
        Permission.ADJUDICATE,
        lambda c: VerificationScreen(c.desk.verification, c.session),
    ),
    ScreenSpec(
        "approvals",
        N_("承認"),
        Permission.APPROVE,
        lambda c: ApprovalsScreen(c.desk.corrections, c.session),
    ),
    ScreenSpec(
        "quality",
        N_("入力品質"),
        Permission.ADJUDICATE,
        lambda c: QualityScreen(c.desk.quality, c.session),
    ),
    ScreenSpec(
        "audit",
        N_("監査ログ"),
        Permission.AUDIT_REVIEW,
        lambda c: AuditScreen(c.desk.audit, c.session),
    ),
    ScreenSpec(
        "extraction",
        N_("対象者抽出"),
        Permission.EXTRACT_TARGETS,
        lambda c: ExtractionScreen(c.desk.targets, c.session),
    ),
    ScreenSpec(
        "batch_issue",
        N_("一括発行"),
        Permission.BATCH_ISSUE,
        lambda c: BatchIssueScreen(c.desk.batch_issuance, c.desk.printing, c.session),
    ),
    ScreenSpec(
        "reminders",
        N_("受診勧奨"),
        Permission.BATCH_ISSUE,
        lambda c: RemindersScreen(c.desk.reminders, c.desk.printing, c.desk.targets, c.session),
    ),
    ScreenSpec(
        "followup_confirm",
        N_("精検結果の確認"),
        Permission.ENTRY_KEY,
        lambda c: FollowupConfirmScreen(c.desk.followups, c.session),
    ),
    ScreenSpec(
        "statistics",
        N_("統計"),
        Permission.STATISTICS,
        lambda c: StatisticsScreen(c.desk.statistics, c.desk.targets, c.desk.printing, c.session),
    ),
    ScreenSpec(
        "retention",
        N_("保存期間の管理"),
        Permission.RETENTION_APPROVE,
        lambda c: RetentionScreen(c.desk.retention, c.session),
    ),
    ScreenSpec(
        "renkei",
        N_("情報連携"),
        Permission.RENKEI,
        lambda c: RenkeiScreen(c.desk.renkei, c.session),
    ),
    ScreenSpec(
        "sync_problems",
        N_("同期の問題"),
        Permission.SYNC_PROBLEMS,
        lambda c: SyncProblemsScreen(c.desk.sync, c.session),
    ),
    ScreenSpec(
        "staff",
        N_("職員管理"),
        Permission.STAFF_ADMIN,
        lambda c: StaffScreen(c.desk.admin, c.session),
    ),
    ScreenSpec(
        "devices",
        N_("端末の管理"),
        Permission.WORKSTATION_ADMIN,
        lambda c: DevicesScreen(c.desk.admin, c.session),
    ),
    ScreenSpec(
        "settings",
        N_("設定"),
        Permission.SETTINGS_ADMIN,
        lambda c: SettingsScreen(c.desk.admin, c.session),
    ),
)


def screens_for(context: ScreenContext, extra: tuple[ScreenSpec, ...] = ()) -> list[ScreenSpec]:
    """The entries this session's roles may use; the services check again on every call."""
    return [spec for spec in (*SCREENS, *extra) if context.session.may(spec.permission)]
