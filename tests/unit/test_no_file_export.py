"""Nothing in app/ or ui/ can write personal data to a file: no save dialog, CSV, temp file."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "getSaveFileName": "a save-as dialog",
    "getExistingDirectory": "a folder picker for output",
    "setOutputFileName": "printing to a file",
    "csv.writer": "CSV export",
    "to_csv": "CSV export",
    "NamedTemporaryFile": "a temporary file",
    "TemporaryDirectory": "a temporary directory",
    "mkstemp": "a temporary file",
    "QTemporaryFile": "a temporary file",
    "QTemporaryDir": "a temporary directory",
    "tempfile": "the tempfile module",
    "setMimeData": "putting data on the clipboard",
}
PERSONAL = re.compile(r"\b(my_number|kana|name|address|birth|postal)\w*", re.IGNORECASE)
LOG_CALL = re.compile(r"\blog(ger)?\.(debug|info|warning|error|exception|critical)\(")


def sources() -> list[Path]:
    return sorted(p for folder in ("app", "ui") for p in (ROOT / folder).rglob("*.py"))


def test_no_source_names_a_file_export_channel() -> None:
    hits = [
        f"{path.relative_to(ROOT)}:{number}: {why}"
        for path in sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for needle, why in FORBIDDEN.items()
        if needle in line and not line.lstrip().startswith("#")
    ]
    assert hits == []


def test_no_source_imports_a_temp_file_or_csv_module() -> None:
    hits = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            hits += [f"{path.relative_to(ROOT)}: {n}" for n in names if n in ("tempfile", "csv")]
    assert hits == []


def test_log_calls_carry_no_personal_field_names() -> None:
    hits = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LOG_CALL.search(line) and PERSONAL.search(line.split("(", 1)[1])
    ]
    assert hits == []


def test_the_scan_itself_finds_a_planted_export(tmp_path: Path) -> None:
    planted = 'QFileDialog.getSaveFileName(self)\nlog.info("kana=%s", row.kana)\n'
    assert any(needle in planted for needle in FORBIDDEN)
    assert any(
        LOG_CALL.search(line) and PERSONAL.search(line.split("(", 1)[1])
        for line in planted.splitlines()
    )
