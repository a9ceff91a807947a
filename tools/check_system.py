"""The system packages `make` needs, installed (as root) or named (otherwise) before anything else.

    python3 tools/check_system.py --for venv|demo|tests|build [--dry-run]

The Makefile runs this with the system python3 BEFORE it creates or fills .venv, so a machine
that lacks something is told so before any work is done. What is looked for: python3-venv (to
create .venv), the libraries Qt loads (offscreen; with a display also the X11/xcb ones), and for
the tests the command-line tools they call (pdfinfo/pdftoppm/pdftotext, lpstat). No font
package: the IPAex fonts ship in resources/fonts and both the screens (ui/app.py) and the
printed pages (app/documents/_fonts.py) load them from there.

- Nothing missing: prints nothing, exit 0.
- Something missing, run as root where apt-get exists: installs it, non-interactively and
  quietly (`apt-get update` first only when apt has no package lists, or once more when the
  install failed on stale ones), then checks again. Exit 0 when all is there, 1 otherwise.
- Something missing, not root: prints the ONE command to run (Japanese and English), exit 1.
- `--for demo` without a display (DISPLAY/WAYLAND_DISPLAY unset): exit 3 once the packages are
  there, and says so: the Makefile then runs the offscreen smoke run instead of the window.

`--dry-run` (or KENSHIN_CHECK_DRY_RUN=1) prints the commands root would run and runs nothing.
Standard library only, and syntax that older system pythons still parse (the version check
below must be able to speak).
"""

from __future__ import annotations

import argparse
import ctypes.util
import functools
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MINIMUM_PYTHON = (3, 11)
APT_LISTS = Path("/var/lib/apt/lists")


@dataclass(frozen=True)
class Need:
    """One thing looked for on this machine and the Debian package that provides it."""

    package: str
    kind: str  # "library" (a shared library's soname stem), "command" or "module"
    name: str


VENV = [Need("python3-venv", "module", "ensurepip")]
# What PySide6's Qt (QtCore/Gui/Widgets/PrintSupport, the offscreen platform and the CUPS print
# plugin) links against beyond the C runtime, as `readelf -d` lists it (their own dependencies
# come with them).
QT = [
    Need("libegl1", "library", "EGL"),
    Need("libgl1", "library", "GL"),
    Need("libfontconfig1", "library", "fontconfig"),
    Need("libxkbcommon0", "library", "xkbcommon"),
    Need("libdbus-1-3", "library", "dbus-1"),
    Need("libglib2.0-0", "library", "glib-2.0"),
    Need("libcups2", "library", "cups"),
]
# The xcb platform plugin (a real display).
DISPLAY = [
    Need("libxkbcommon-x11-0", "library", "xkbcommon-x11"),
    Need("libxcb-cursor0", "library", "xcb-cursor"),
    Need("libxcb-icccm4", "library", "xcb-icccm"),
    Need("libxcb-image0", "library", "xcb-image"),
    Need("libxcb-keysyms1", "library", "xcb-keysyms"),
    Need("libxcb-randr0", "library", "xcb-randr"),
    Need("libxcb-render-util0", "library", "xcb-render-util"),
    Need("libxcb-shape0", "library", "xcb-shape"),
    Need("libxcb-xkb1", "library", "xcb-xkb"),
    Need("libx11-xcb1", "library", "X11-xcb"),
]
# The external tools the tests call (tests/tools.py names the same ones when one is missing).
TESTS = [
    Need("poppler-utils", "command", "pdfinfo"),
    Need("poppler-utils", "command", "pdftoppm"),
    Need("poppler-utils", "command", "pdftotext"),
    Need("cups-client", "command", "lpstat"),
]
# PyInstaller reads the bundled libraries' dependencies with objdump.
BUILD = [Need("binutils", "command", "objdump")]

PURPOSES = ("venv", "demo", "tests", "build")


def needs_for(purpose: str, *, display: bool) -> list[Need]:
    """Everything `purpose` needs on this machine (`display`: a real screen will be used)."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    needs = list(VENV)
    if purpose in ("demo", "tests", "build"):
        needs += QT
    if purpose == "demo" and display:
        needs += DISPLAY
    if purpose == "tests":
        needs += TESTS
    if purpose == "build":
        needs += BUILD
    return needs


@functools.lru_cache(maxsize=1)
def _ldconfig_names() -> frozenset[str] | None:
    """The sonames the dynamic linker knows (`ldconfig -p`, run once), or None without it."""
    for ldconfig in ("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        path = shutil.which(ldconfig) or (ldconfig if os.path.exists(ldconfig) else None)
        if path is None:
            continue
        try:
            listed = subprocess.run(
                [path, "-p"], capture_output=True, text=True, check=False, timeout=30
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if listed.returncode == 0:
            return frozenset(line.split()[0] for line in listed.stdout.splitlines()[1:] if line)
    return None


def present(need: Need) -> bool:
    """The real probe: is `need` on this machine?"""
    if need.kind == "command":
        return shutil.which(need.name) is not None
    if need.kind == "module":
        return importlib.util.find_spec(need.name) is not None
    names = _ldconfig_names()
    if names is not None:
        stem = f"lib{need.name}.so"
        return any(name == stem or name.startswith(stem + ".") for name in names)
    return ctypes.util.find_library(need.name) is not None


def missing_packages(needs: Sequence[Need], probe: Callable[[Need], bool] = present) -> list[str]:
    """The packages to install for the needs `probe` does not find, each once, in order."""
    missing: list[str] = []
    for need in needs:
        if need.package not in missing and not probe(need):
            missing.append(need.package)
    return missing


def user_command(packages: Sequence[str]) -> str:
    return "sudo apt-get install -y " + " ".join(packages)


def install_commands(packages: Sequence[str], *, lists_ready: bool) -> list[list[str]]:
    """What root runs: `apt-get update` only when apt has no package lists yet, then install."""
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]
    return ([] if lists_ready else [["apt-get", "update", "-qq"]]) + [install]


@dataclass
class Plan:
    """The decision: the commands root runs, or the message that stops a user; the status."""

    commands: list[list[str]] = field(default_factory=list)
    message: str = ""
    status: int = 0


def decide(missing: Sequence[str], *, is_root: bool, has_apt: bool, lists_ready: bool) -> Plan:
    if not missing:
        return Plan()
    if is_root and has_apt:
        return Plan(commands=install_commands(missing, lists_ready=lists_ready))
    return Plan(
        message=(
            "必要なシステムパッケージが足りません。次のコマンドでインストールしてから、"
            "もう一度実行してください。\n"
            "Missing system packages. Install them with this command, then run make again:\n"
            f"  {user_command(missing)}"
        ),
        status=1,
    )


def _apt_lists_ready() -> bool:
    try:
        return any(
            path.name.endswith(("_Packages", ".lz4", ".gz", ".xz")) for path in APT_LISTS.iterdir()
        )
    except OSError:
        return False


def _run_quietly(command: list[str]) -> int:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False).returncode


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(
    argv: Sequence[str] | None = None,
    *,
    probe: Callable[[Need], bool] = present,
    is_root: bool | None = None,
    has_apt: bool | None = None,
    lists_ready: bool | None = None,
    run: Callable[[list[str]], int] = _run_quietly,
    display: bool | None = None,
) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "check_system").splitlines()[0])
    parser.add_argument("--for", dest="purpose", choices=PURPOSES, default="venv")
    parser.add_argument(
        "--dry-run",
        "--print",
        action="store_true",
        default=os.environ.get("KENSHIN_CHECK_DRY_RUN", "") not in ("", "0"),
        help="print what root would run; run nothing",
    )
    args = parser.parse_args(argv)
    if sys.version_info < MINIMUM_PYTHON:
        wanted = ".".join(map(str, MINIMUM_PYTHON))
        print(
            f"Python {wanted} 以上が必要です / Python {wanted} or newer is needed: {sys.executable}"
        )
        return 1
    display = _has_display() if display is None else display
    needs = needs_for(args.purpose, display=display)
    missing = missing_packages(needs, probe)
    plan = decide(
        missing,
        is_root=_is_root() if is_root is None else is_root,
        has_apt=(shutil.which("apt-get") is not None) if has_apt is None else has_apt,
        lists_ready=_apt_lists_ready() if lists_ready is None else lists_ready,
    )
    if plan.message:
        print(plan.message, file=sys.stderr)
        return plan.status
    if plan.commands:
        print(
            f"システムパッケージをインストールします / installing system packages: "
            f"{' '.join(missing)}",
            flush=True,
        )
        if args.dry_run:
            for command in plan.commands:
                print("  " + " ".join(command))
        else:
            _install(plan.commands, run)
            _ldconfig_names.cache_clear()
            still = missing_packages(needs, probe)
            if still:
                print(
                    "システムパッケージを入れられませんでした / could not install the system "
                    f"packages: {' '.join(still)}\n  {user_command(still)}",
                    file=sys.stderr,
                )
                return 1
    if args.purpose == "demo" and not display:
        print(
            "画面（DISPLAY）がないため、ウィンドウの代わりに画面なしの確認起動"
            "（healthdesk demo --smoke）を行います。\n"
            "No display (DISPLAY unset): running the offscreen smoke run "
            "(healthdesk demo --smoke) instead of the window."
        )
        return 3
    return 0


def _install(commands: list[list[str]], run: Callable[[list[str]], int]) -> bool:
    """Run the commands; an install that fails on stale lists gets one `apt-get update`."""
    updated = False
    for command in commands:
        updated = updated or command[1] == "update"
        if run(command) == 0:
            continue
        retry = command[1] == "install" and not updated
        if retry and run(["apt-get", "update", "-qq"]) == 0 and run(command) == 0:
            continue
        print(f"失敗しました / failed: {' '.join(command)}", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
