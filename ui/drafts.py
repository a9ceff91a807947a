"""Unsaved work kept as drafts in the encrypted store when a desk changes hands."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from app.domain.errors import KenshinError
from app.services.desk_service import DeskService
from app.services.dto import DraftView, StaffSession
from app.services.errors import SessionEnded
from ui.screen import DraftHolder

log = logging.getLogger(__name__)


def save_drafts(desk: DeskService, session: StaffSession, screens: Mapping[str, object]) -> int:
    """File each screen's unsaved work under its name; returns how many were kept."""
    saved = 0
    for key, screen in screens.items():
        if not isinstance(screen, DraftHolder):
            continue
        payload = screen.unsaved_draft()
        if not payload:
            continue
        try:
            desk.save_draft(session, screen=key, payload=payload)
        except SessionEnded:
            # A stopped ID may not store anything more; nothing else will succeed either.
            break
        except KenshinError as error:
            # Logged by screen name only: the payload may hold personal values.
            log.warning("draft for screen %s not kept: %s", key, type(error).__name__)
            continue
        saved += 1
    return saved


def restore_drafts(drafts: Iterable[DraftView], screens: Mapping[str, object]) -> list[str]:
    """Hand each draft to the screen it came from; returns the names of the screens restored."""
    restored: list[str] = []
    for draft in drafts:
        screen = screens.get(draft.screen)
        if isinstance(screen, DraftHolder):
            screen.restore_draft(draft.payload)
            restored.append(draft.screen)
        else:
            # The role that used the screen is gone; the store has already handed the draft out.
            log.warning("draft for screen %s has no screen to go to", draft.screen)
    return restored
