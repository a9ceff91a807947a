"""External tools a test calls: say which one and its Debian package, skip here, fail under CI.

    from tests.tools import need_tool
    pdftoppm = need_tool("pdftoppm", package="poppler-utils")

Locally a missing tool skips the test with a message naming the tool and the package to install
(Japanese and English); under CI=true the same message fails it, so CI can never pass by
skipping. `make test` installs these packages itself (tools/check_system.py, as root) or names
the command to run.
"""

from __future__ import annotations

import os
import shutil

import pytest


def under_ci() -> bool:
    return os.environ.get("CI") == "true"


def missing(message: str) -> None:
    """Skip with `message` here; fail with it under CI=true (the test must run there)."""
    if under_ci():
        pytest.fail(f"{message}（CI では失敗とします / a failure under CI）", pytrace=False)
    pytest.skip(message)


def tool_message(tool: str, package: str) -> str:
    return (
        f"外部コマンド {tool} がありません（Debian パッケージ {package}: "
        f"sudo apt-get install -y {package}） / "
        f"the external tool {tool} is missing (Debian package {package})"
    )


def need_tool(tool: str, *, package: str) -> str:
    """The path of `tool`; when it is not on PATH, skip (fail under CI) naming its package."""
    path = shutil.which(tool)
    if path is None:
        missing(tool_message(tool, package))
        raise AssertionError("unreachable")  # pragma: no cover - skip/fail raise
    return path
