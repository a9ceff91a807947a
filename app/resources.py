"""Where shipped resources (fonts, word lists, translations) live, in a checkout or a build."""

from __future__ import annotations

import functools
import sys
from pathlib import Path


def bundle_root() -> Path:
    """The checkout, or the unpacked folder of a PyInstaller build."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle is not None else Path(__file__).resolve().parents[1]


def resources_dir() -> Path:
    return bundle_root() / "resources"


@functools.cache
def common_passwords() -> frozenset[str]:
    """The blocklist of common and breached passwords, case-folded (NIST SP 800-63B)."""
    text = (resources_dir() / "common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and line[0] != "#"
    )
