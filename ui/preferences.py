"""Display preferences of this workstation user: language, text size, high contrast.

They hold no personal data and no audit event follows a change: they live in a small JSON
file in the desk's data directory, beside (not inside) the encrypted store. A missing,
unreadable or tampered file gives the defaults, silently: a bad preference must never stop
a clerk from logging in.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE_NAME = "display.json"
FONT_SCALES = (100, 125, 150, 175, 200)  # percent of the base point size
LANGUAGE_CODES = ("ja", "en")  # as in ui.i18n.LANGUAGES; kept here so loading needs no Qt
MAX_FILE_BYTES = 4096


@dataclass(frozen=True)
class DisplayPreferences:
    language: str = "ja"
    font_scale: int = 100
    high_contrast: bool = False

    @classmethod
    def from_mapping(cls, data: Any) -> DisplayPreferences:
        """Each value checked on its own: a bad one falls back to its default, the rest stay."""
        if not isinstance(data, dict):
            return cls()
        default = cls()
        language = data.get("language")
        scale = data.get("font_scale")
        contrast = data.get("high_contrast")
        return cls(
            language=language if language in LANGUAGE_CODES else default.language,
            font_scale=(
                scale
                if isinstance(scale, int) and not isinstance(scale, bool) and scale in FONT_SCALES
                else default.font_scale
            ),
            high_contrast=contrast if isinstance(contrast, bool) else default.high_contrast,
        )

    def as_mapping(self) -> dict[str, Any]:
        return asdict(self)


class PreferencesStore:
    """Loads and saves the preferences of one data directory (one workstation user)."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / FILE_NAME

    def load(self) -> DisplayPreferences:
        try:
            with self.path.open("rb") as file:
                raw = file.read(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES:
                return DisplayPreferences()
            return DisplayPreferences.from_mapping(json.loads(raw.decode("utf-8")))
        except (OSError, ValueError):  # missing, unreadable, not UTF-8, not JSON
            return DisplayPreferences()

    def save(self, preferences: DisplayPreferences) -> bool:
        """Write atomically; False (and a log line) if the directory is not writable."""
        text = json.dumps(preferences.as_mapping(), ensure_ascii=False, indent=2)
        # A fixed sibling name, replaced in one step: display settings are not personal values,
        # but the house rule keeps the temp-file module out of the desk altogether.
        temporary = self.path.with_name(f".{FILE_NAME}.new")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, self.path)
            return True
        except OSError as error:
            log.warning("display preferences not saved: %s", type(error).__name__)
            with contextlib.suppress(OSError):
                temporary.unlink()
            return False
