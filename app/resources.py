"""Where shipped resources (fonts, word lists, translations) live, in a checkout or a build."""

from __future__ import annotations

import functools
import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


@functools.cache
def common_passwords() -> frozenset[str]:
    """The blocklist of common and breached passwords, case-folded (NIST SP 800-63B)."""
    text = (resources_dir() / "common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and line[0] != "#"
    )
