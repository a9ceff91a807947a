"""Say plainly which system libraries or fonts Qt needs and this machine lacks (Debian names)."""

from __future__ import annotations

import argparse
import ctypes.util
import os
import shutil
import subprocess
import sys

LIBRARIES = {
    "EGL": "libegl1",
    "GL": "libgl1",
    "fontconfig": "libfontconfig1",
    "xkbcommon": "libxkbcommon0",
    "dbus-1": "libdbus-1-3",
}
DISPLAY_LIBRARIES = {"xkbcommon-x11": "libxkbcommon-x11-0", "xcb-cursor": "libxcb-cursor0"}
FONT_PACKAGE = "fonts-ipaexfont"


def missing_packages(*, display: bool) -> list[str]:
    wanted = {**LIBRARIES, **(DISPLAY_LIBRARIES if display else {})}
    missing = [package for lib, package in wanted.items() if ctypes.util.find_library(lib) is None]
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True, check=False)
        if "IPAex" not in fonts.stdout:
            missing.append(FONT_PACKAGE)
    return missing


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--for-demo", action="store_true")
    parser.add_argument("--for-tests", action="store_true")
    args = parser.parse_args()
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    missing = missing_packages(display=args.for_demo and has_display)
    if missing:
        print("Qt と日本語表示に必要なパッケージが足りません / missing system packages:")
        print(f"  sudo apt-get install -y {' '.join(missing)}")
        if args.for_demo:
            return 1
        print("（テストは続行しますが、失敗する場合は上記をインストールしてください）")
    if args.for_demo and not has_display:
        print("画面（DISPLAY）がないため、画面なしの確認起動（--smoke）を行います。")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
