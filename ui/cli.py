"""The `healthdesk` command: seed-demo, demo (GUI or --smoke) and run."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app import bootstrap
from app.domain.errors import KenshinError

if TYPE_CHECKING:
    from ui.demo_server import DemoServerInfo

log = logging.getLogger("healthdesk")

DEMO_RESIDENTS = 20_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="healthdesk", description="Kenshin Desk 健診デスク")
    commands = parser.add_subparsers(dest="command", required=True)
    seed = commands.add_parser("seed-demo", help="暗号化されたデモ用データを作成する")
    seed.add_argument("--data-dir", type=Path, required=True)
    seed.add_argument("--residents", type=int, default=DEMO_RESIDENTS)
    seed.add_argument("--seed", type=int, default=20261126)
    demo = commands.add_parser("demo", help="デモデータで起動する（なければ作成）")
    demo.add_argument("--data-dir", type=Path, default=None)
    demo.add_argument("--residents", type=int, default=DEMO_RESIDENTS)
    demo.add_argument("--smoke", action="store_true", help="画面なしで起動を確認して終了する")
    run = commands.add_parser("run", help="業務用に起動する")
    run.add_argument("--data-dir", type=Path, default=None)
    return parser


def seed_demo(data_dir: Path, residents: int, seed: int) -> list[tuple[str, str]]:
    """Build a demo store in `data_dir`, printing progress; refuses to touch one that exists."""
    started = time.perf_counter()
    last = [0.0]

    def progress(done: int) -> None:
        if time.perf_counter() - last[0] > 2:
            last[0] = time.perf_counter()
            print(f"  住民 {done:,} / {residents:,} 人", flush=True)

    totals = bootstrap.seed_demo_store(data_dir, residents, seed=seed, progress=progress)
    print(
        f"デモデータを作成しました: 住民 {totals['residents']:,} 人、"
        f"受診歴 {totals['history']:,} 件、生活保護 {totals['welfare']:,} 件、"
        f"国保 {totals['nhi']:,} 件（{time.perf_counter() - started:.1f} 秒）"
    )
    return bootstrap.demo_accounts()


def _print_accounts(accounts: list[tuple[str, str]]) -> None:
    print("デモ用の職員アカウント（デモ専用のパスワードです）:")
    for login_id, password in accounts:
        print(f"  {login_id:<12} {password}")


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    args = _parser().parse_args(argv)
    try:
        if args.command == "seed-demo":
            _print_accounts(seed_demo(args.data_dir, args.residents, args.seed))
            return 0
        from ui.single_instance import one_desk_per_folder

        if args.command == "demo":
            with one_desk_per_folder(args.data_dir or bootstrap.default_data_dir(demo=True)):
                return _demo(args)
        return _run(args.data_dir or bootstrap.default_data_dir())
    except KenshinError as error:
        print(f"エラー: {error.message}", file=sys.stderr)
        if args.command == "run":
            _show_on_screen(error.message)
        return 2


def _show_on_screen(message: str) -> None:
    """A desk started from a shortcut has no console to read: say it in a window too."""
    from PySide6.QtWidgets import QMessageBox

    from ui.app import application
    from ui.i18n import t
    from ui.widgets import APP_TITLE

    app = application()
    if app.platformName() != "offscreen":
        QMessageBox.warning(None, t(APP_TITLE), t(message))


def _demo(args: argparse.Namespace) -> int:
    """Start the embedded server, enroll this desk with it, sync, then open the GUI."""
    from ui.demo_server import DemoServer

    data_dir = args.data_dir or bootstrap.default_data_dir(demo=True)
    keys = bootstrap.demo_key_store()
    store_exists = (data_dir / bootstrap.STORE_FILE).exists()
    if args.smoke:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"デモ用の中央サーバーを起動しています（住民 {args.residents:,} 人）: {data_dir}")
    with DemoServer(data_dir / "server", residents=args.residents) as server:
        if not store_exists:
            bootstrap.open_engine(data_dir, keys, create=True).dispose()
        desk = bootstrap.open_desk(data_dir, keys)
        try:
            _enroll_and_sync(desk, server, first=not store_exists)
        finally:
            desk.close()
        _print_accounts(bootstrap.demo_accounts())
        from ui.app import run_gui

        def open_desk() -> bootstrap.Desk:
            return bootstrap.open_desk(data_dir, keys)

        return run_gui(
            open_desk,
            smoke=args.smoke,
            demo_accounts=bootstrap.demo_accounts(),
            data_dir=data_dir,
        )


def _enroll_and_sync(desk: bootstrap.Desk, server: DemoServerInfo, *, first: bool) -> None:
    if not desk.enrollment.enrolled():
        if not first:
            raise KenshinError(
                "このフォルダのデモデータはサーバーに登録されていない古い形式です。"
                "--data-dir で新しいフォルダを指定してください。"
            )
        desk.enrollment.enroll(server.url, server.codes[0], server.ca_pem, "デモ端末")
        print(f"この端末をデモ用サーバー {server.url} に登録しました。")
    started = time.perf_counter()
    report = desk.sync.sync_now(None)
    if not report.online:
        raise KenshinError(f"デモ用サーバーと同期できませんでした: {report.message}")
    print(f"同期しました: 受信 {report.pulled:,} 件（{time.perf_counter() - started:.1f} 秒）")


def _run(data_dir: Path) -> int:
    from ui.single_instance import one_desk_per_folder

    keys = bootstrap.KeyringKeyStore()  # no keyring: refused before anything is made
    with one_desk_per_folder(data_dir):
        return _run_alone(data_dir, keys)


def _run_alone(data_dir: Path, keys: bootstrap.KeyringKeyStore) -> int:
    from ui.app import run_gui

    if not (data_dir / bootstrap.STORE_FILE).exists() and keys.load(data_dir) is None:
        # A new workstation: an empty encrypted store, then the enrollment dialog fills it.
        print(f"新しい端末のデータを作成します: {data_dir}")
        bootstrap.open_engine(data_dir, keys, create=True).dispose()

    def open_desk() -> bootstrap.Desk:
        return bootstrap.open_desk(data_dir, bootstrap.KeyringKeyStore())

    def set_aside() -> str:
        folder = bootstrap.set_aside_store(data_dir)
        bootstrap.open_engine(data_dir, keys, create=True).dispose()
        return str(folder)

    return run_gui(
        open_desk, smoke=False, demo_accounts=None, set_aside=set_aside, data_dir=data_dir
    )


if __name__ == "__main__":
    sys.exit(main())
