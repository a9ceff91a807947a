"""Proofs of the promises in the README, end to end: real server process, encrypted desks, GUI.

Shared by several proofs; each keeps its own helpers in its own module (the canary's are in
`canary_support.py`)."""

from __future__ import annotations

import os

# Before any QApplication exists: the GUI proofs run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
