"""Screenshots of the screens on a synthetic demo store, into docs/screenshots (dev tool)."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script from a checkout, where the project is not installed into the venv.
sys.path.insert(0, str(ROOT))

from argon2 import PasswordHasher, profiles  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from app import bootstrap  # noqa: E402
from app.domain.errors import KenshinError  # noqa: E402
from app.domain.policy import Role  # noqa: E402
from app.store.demo_seed import seed_residents, seed_staff  # noqa: E402
from app.store.keys import KeyringKeyStore  # noqa: E402
from tests.support import PASSWORDS, MemoryKeyring  # noqa: E402
from tests.ui.sync_fakes import ENROLLED, FakeEnrollment, FakeSync, problem  # noqa: E402
from ui.app import application  # noqa: E402
from ui.change_password_dialog import ChangePasswordDialog  # noqa: E402
from ui.enrollment import EnrollmentDialog  # noqa: E402
from ui.login_window import LoginWindow  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.staff_screen import StaffScreen  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WORKSTATION = "hoken-center-01"
AN_HOUR_MS = 3_600_000
SUPERVISOR_AUDIT_ROW = 6  # ホーム 住民検索 用紙入力 照合確認 承認 入力品質 監査ログ
SUPERVISOR_BATCH_ROW = 8  # … 監査ログ 対象者抽出 一括発行


def shoot(widget: QWidget, name: str) -> None:
    widget.show()
    widget.raise_()
    widget.activateWindow()
    QTest.qWait(300)
    path = OUT / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")


def main_window(desk: bootstrap.Desk, login_id: str) -> MainWindow:
    window = MainWindow(
        desk, desk.auth.login(login_id, PASSWORDS[login_id]), demo=True, idle_interval_ms=AN_HOUR_MS
    )
    window.start()
    return window


def take_all(desk: bootstrap.Desk) -> None:
    accounts = list(PASSWORDS.items())
    login = LoginWindow(desk, demo_accounts=accounts)
    login.resize(680, 560)
    login.form.id_edit.setText("clerk1")
    shoot(login, "login.png")
    login.close()

    for _ in range(2):  # two failed logins, so the audit log has a refusal to show
        with contextlib.suppress(KenshinError):
            desk.auth.login("clerk2", "not-the-password")

    clerk = main_window(desk, "clerk1")
    shoot(clerk, "home-clerk.png")
    clerk.lock_action.trigger()
    shoot(clerk, "lock.png")
    clerk.close()

    supervisor = main_window(desk, "supervisor")
    shoot(supervisor, "home-supervisor.png")
    supervisor.nav.setCurrentRow(1)
    lookup = supervisor.screens["lookup"]
    lookup.search_edit.setText("アオ")  # type: ignore[attr-defined]
    lookup.run_search()  # type: ignore[attr-defined]
    while lookup.task is not None:  # type: ignore[attr-defined]
        QTest.qWait(20)
    lookup.open_row(0)  # type: ignore[attr-defined]
    shoot(supervisor, "lookup.png")
    session = supervisor.session
    run = desk.batch_issuance.plan_batch(session, program_code="breast", fiscal_year=2026)
    supervisor.nav.setCurrentRow(SUPERVISOR_BATCH_ROW)
    batch = supervisor.screens["batch_issue"]
    combo = batch.program_combo  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findData("breast"))
    batch._on_planned(run)  # type: ignore[attr-defined]  # as the background plan reports it
    shoot(supervisor, "batch-issue.png")
    supervisor.nav.setCurrentRow(SUPERVISOR_AUDIT_ROW)
    supervisor.screens["audit"].verify_action.trigger()
    shoot(supervisor, "audit.png")
    supervisor.close()

    admin = main_window(desk, "admin")
    shoot(admin, "home-admin.png")
    admin_session = admin.session
    temporary = desk.admin.create_staff(
        admin_session, login_id="yamada.h", display_name="山田 花子", roles=[Role.CLERK]
    )
    admin.nav.setCurrentRow(1)
    staff = admin.screens["staff"]
    assert isinstance(staff, StaffScreen)
    staff.refresh("clerk2")
    shoot(admin, "staff.png")
    admin.close()

    newcomer = desk.auth.login("yamada.h", temporary)
    dialog = ChangePasswordDialog(None, desk, newcomer, forced=True)
    dialog.current_edit.setText(temporary)
    dialog.new_edit.setText("password1234")
    dialog.confirm_edit.setText("password1234")
    dialog.ok_button.click()
    shoot(dialog, "change-password.png")
    dialog.reject()
    take_sync(desk)


CA_SAMPLE = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBszCCAVmgAwIBAgIUQ2VudHJhbCBzZXJ2ZXIgQ0EgZm9yIEtlbnNoaW4gRGVzazAK\n"
    "BggqhkjOPQQDAjAfMR0wGwYDVQQDDBRLZW5zaGluIERlc2sgZGVtbyBDQTAeFw0yNjEx\n"
    "-----END CERTIFICATE-----\n"
)


def take_sync(desk: bootstrap.Desk) -> None:
    """The sync screens over scripted services: no server is needed to show them."""
    enrollment = EnrollmentDialog(FakeEnrollment())
    enrollment.url_edit.setText("https://kenshin.city.example.jp")
    enrollment.code_edit.setText("7KQ2-M9XD-4RTA")
    enrollment.pem_edit.setPlainText(CA_SAMPLE)
    enrollment.file_label.setText("読み込みました: kenshin-ca.pem")
    enrollment.name_edit.setText(WORKSTATION)
    shoot(enrollment, "enrollment.png")
    enrollment.code_edit.setText("7KQ2")
    enrollment.enroll_button.click()  # refused in the form: the message the admin sees
    shoot(enrollment, "enrollment-error.png")
    enrollment.reject()

    rejected = "検査値が範囲外です（収縮期血圧 400）。用紙を確認してください。"
    desk.sync = FakeSync(  # type: ignore[assignment]
        current=replace(ENROLLED, problems=2),
        open_problems=[problem(1), problem(2, status="rejected", message=rejected)],
    )
    supervisor = main_window(desk, "supervisor")
    supervisor.nav.setCurrentRow(supervisor.nav.count() - 1)  # 同期の問題, last in the list
    shoot(supervisor, "sync-problems.png")
    bar = supervisor.statusBar()
    if not bar.grab().save(str(OUT / "status-bar.png")):
        raise SystemExit("could not write status-bar.png")
    print(f"wrote {(OUT / 'status-bar.png').relative_to(ROOT)}")
    supervisor.close()


def run(data_dir: Path) -> None:
    if data_dir.exists():
        raise SystemExit(f"{data_dir} exists; give a directory that does not exist yet")
    OUT.mkdir(parents=True, exist_ok=True)
    app = application()
    hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    try:
        engine = bootstrap.open_engine(data_dir, KeyringKeyStore(MemoryKeyring()), create=True)
        seed_staff(engine, hasher)
        seed_residents(engine, 500)
        desk = bootstrap.build_desk(engine, hasher=hasher, workstation=WORKSTATION)
        try:
            take_all(desk)
        finally:
            desk.close()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    app.processEvents()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Run under Xvfb: xvfb-run -a -s '-screen 0 1280x900x24' "
        ".venv/bin/python tools/screenshots.py [DATA_DIR]"
    )
    parser.add_argument(
        "data_dir",
        nargs="?",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kenshin-shots",
        help="where the synthetic store is built (must not exist; deleted at the end; "
        "the key is held in memory only)",
    )
    return parser


if __name__ == "__main__":
    run(_parser().parse_args().data_dir)
