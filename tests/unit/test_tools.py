"""tests/tools.need_tool: a missing external tool is named with its package; CI fails on it."""

from __future__ import annotations

import pytest

from tests.tools import need_tool


def test_a_present_tool_gives_its_path(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("CI", raising=False)
    assert need_tool("sh", package="dash").endswith("/sh")


def test_a_missing_tool_skips_here_naming_the_tool_and_its_package(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        need_tool("no-such-tool-kenshin", package="kenshin-utils")
    message = str(skipped.value)
    assert "no-such-tool-kenshin" in message and "kenshin-utils" in message
    assert "外部コマンド" in message and "sudo apt-get install -y kenshin-utils" in message


def test_under_ci_a_missing_tool_fails_with_the_same_message(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        need_tool("no-such-tool-kenshin", package="kenshin-utils")
    message = str(failed.value)
    assert "no-such-tool-kenshin" in message and "kenshin-utils" in message and "CI" in message
