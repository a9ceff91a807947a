"""The Qt binding itself: PySide6 6.12.0 dropped a reference on every None it returned and
aborted Python after ~10,000 calls. This keeps that release (or a relapse) out."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_calls_returning_nothing_keep_the_reference_count_of_none(qapp) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 100
