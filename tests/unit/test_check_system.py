"""tools/check_system.py: what it installs as root, what it tells a user, when it stays quiet.

The package probe is injected, so nothing here needs root, apt-get or a missing library."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "check_system.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_system", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_system"] = module
    spec.loader.exec_module(module)
    return module


check = _load()


def lacking(*packages: str) -> Callable[[object], bool]:
    """A probe that finds everything except the needs of `packages` (until they are installed)."""
    gone = set(packages)

    def probe(need: object) -> bool:
        return need.package not in gone  # type: ignore[attr-defined]

    probe.installed = gone.clear  # type: ignore[attr-defined]
    return probe


class Apt:
    """Records the commands; an install makes the probe find the packages."""

    def __init__(self, probe: Callable[[object], bool], fail_first_install: bool = False) -> None:
        self.probe, self.fail_first_install = probe, fail_first_install
        self.commands: list[list[str]] = []

    def __call__(self, command: list[str]) -> int:
        self.commands.append(command)
        if command[1] == "install":
            if self.fail_first_install:
                self.fail_first_install = False
                return 100
            self.probe.installed()  # type: ignore[attr-defined]
        return 0


def run_main(
    *args: str,
    probe: Callable[[object], bool],
    is_root: bool,
    display: bool = False,
    lists_ready: bool = True,
    apt: Apt | None = None,
) -> int:
    return check.main(
        list(args),
        probe=probe,
        is_root=is_root,
        has_apt=True,
        lists_ready=lists_ready,
        run=apt if apt is not None else Apt(probe),
        display=display,
    )


def test_nothing_missing_does_nothing_and_says_nothing(capsys: pytest.CaptureFixture[str]):
    probe = lacking()
    apt = Apt(probe)
    for purpose in ("venv", "tests", "build"):
        assert run_main("--for", purpose, probe=probe, is_root=True, apt=apt) == 0
    assert apt.commands == []
    assert capsys.readouterr() == ("", "")


def test_root_installs_what_is_missing_quietly_and_without_an_update(
    capsys: pytest.CaptureFixture[str],
):
    probe = lacking("poppler-utils", "libegl1")
    apt = Apt(probe)
    assert run_main("--for", "tests", probe=probe, is_root=True, apt=apt) == 0
    assert apt.commands == [
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "libegl1", "poppler-utils"]
    ]
    assert "installing system packages: libegl1 poppler-utils" in capsys.readouterr().out


def test_root_updates_first_when_apt_has_no_lists():
    probe = lacking("cups-client")
    apt = Apt(probe)
    assert run_main("--for", "tests", probe=probe, is_root=True, lists_ready=False, apt=apt) == 0
    assert [command[1] for command in apt.commands] == ["update", "install"]


def test_a_failed_install_gets_one_update_and_one_retry():
    probe = lacking("python3-venv")
    apt = Apt(probe, fail_first_install=True)
    assert run_main("--for", "venv", probe=probe, is_root=True, apt=apt) == 0
    assert [command[1] for command in apt.commands] == ["install", "update", "install"]


def test_root_stops_when_the_package_is_still_missing(capsys: pytest.CaptureFixture[str]):
    probe = lacking("libgl1")
    commands: list[list[str]] = []

    def broken_apt(command: list[str]) -> int:
        commands.append(command)
        return 100

    status = check.main(
        ["--for", "demo"],
        probe=probe,
        is_root=True,
        has_apt=True,
        lists_ready=True,
        run=broken_apt,
        display=True,
    )
    assert status == 1 and [command[1] for command in commands] == ["install", "update"]
    assert "sudo apt-get install -y libgl1" in capsys.readouterr().err


def test_not_root_prints_the_one_command_and_stops(capsys: pytest.CaptureFixture[str]):
    probe = lacking("poppler-utils", "cups-client", "libgl1")
    apt = Apt(probe)
    assert run_main("--for", "tests", probe=probe, is_root=False, apt=apt) == 1
    assert apt.commands == []
    err = capsys.readouterr().err
    assert "sudo apt-get install -y libgl1 poppler-utils cups-client" in err
    assert err.count("apt-get install") == 1
    assert "必要なシステムパッケージが足りません" in err and "Missing system packages" in err


def test_dry_run_prints_what_root_would_run_and_runs_nothing(
    capsys: pytest.CaptureFixture[str],
):
    probe = lacking("libxcb-cursor0")
    apt = Apt(probe)
    status = run_main(
        "--for", "demo", "--dry-run", probe=probe, is_root=True, display=True, apt=apt
    )
    assert status == 0 and apt.commands == []
    assert (
        "apt-get install -y -qq --no-install-recommends libxcb-cursor0" in capsys.readouterr().out
    )


def test_demo_without_a_display_takes_the_smoke_run_and_says_so(
    capsys: pytest.CaptureFixture[str],
):
    probe = lacking("libxcb-cursor0")  # an xcb library: not needed offscreen
    apt = Apt(probe)
    assert run_main("--for", "demo", probe=probe, is_root=False, display=False, apt=apt) == 3
    out = capsys.readouterr().out
    assert "healthdesk demo --smoke" in out and "DISPLAY" in out and apt.commands == []
    assert run_main("--for", "demo", probe=probe, is_root=False, display=True, apt=apt) == 1


def test_no_font_package_is_ever_needed():
    for purpose in check.PURPOSES:
        for display in (False, True):
            packages = {need.package for need in check.needs_for(purpose, display=display)}
            assert not any(package.startswith("fonts-") for package in packages)
    fonts = SCRIPT.parents[1] / "resources" / "fonts"
    assert (fonts / "ipaexg.ttf").is_file() and (fonts / "ipaexm.ttf").is_file()


def test_the_tests_tools_are_among_the_tests_needs():
    needs = {need.name: need.package for need in check.needs_for("tests", display=False)}
    assert needs["pdftoppm"] == needs["pdfinfo"] == needs["pdftotext"] == "poppler-utils"
    assert needs["lpstat"] == "cups-client"
    assert needs["ensurepip"] == "python3-venv"


def test_the_real_probe_tells_present_from_absent():
    assert check.present(check.Need("x", "command", "sh"))
    assert not check.present(check.Need("x", "command", "no-such-tool-kenshin"))
    assert check.present(check.Need("x", "module", "json"))
    assert check.present(check.Need("libc6", "library", "c"))
    assert not check.present(check.Need("x", "library", "no-such-library-kenshin"))


def test_it_imports_only_the_standard_library():
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    imported = {
        (alias.name if isinstance(node, ast.Import) else node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [node])  # type: ignore[list-item]
    }
    assert imported - {"__future__"} <= set(sys.stdlib_module_names)


def test_with_no_system_font_at_all_the_screens_and_pages_use_the_bundled_ipaex(tmp_path: Path):
    """Why no font package is needed: fontconfig with no font folder, and still IPAex."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>',
        encoding="utf-8",
    )
    probe = """
from PySide6.QtGui import QFontDatabase
from reportlab.pdfbase import pdfmetrics
from app.documents import _fonts
from ui.app import application
app = application()
gothic, mincho = _fonts.register()
print(app.font().family())
print(pdfmetrics.getFont(gothic).face.filename)
print(pdfmetrics.getFont(mincho).face.filename)
"""
    env = dict(os.environ, FONTCONFIG_FILE=str(config), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=SCRIPT.parents[1],
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    family, gothic_file, mincho_file = done.stdout.split()[-3:]
    fonts = SCRIPT.parents[1] / "resources" / "fonts"
    assert family == "IPAexGothic"
    assert Path(gothic_file).resolve() == (fonts / "ipaexg.ttf").resolve()
    assert Path(mincho_file).resolve() == (fonts / "ipaexm.ttf").resolve()
