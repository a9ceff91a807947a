"""Password rules after NIST SP 800-63B: length and a blocklist, no composition rules."""

from __future__ import annotations

import unicodedata
from collections.abc import Container

from app.domain.errors import KenshinError

MIN_LENGTH = 12
MAX_LENGTH = 128


class PasswordPolicyError(KenshinError):
    """A new password that the rules refuse; the message says which rule."""


def normalise(password: str) -> str:
    """NFKC, so the same password typed with a full-width IME hashes the same (800-63B 5.1.1.2)."""
    return unicodedata.normalize("NFKC", password)


def check_new_password(
    password: str, *, login_id: str, common: Container[str], current: str | None = None
) -> str:
    """Return the normalised password, or raise with the rule it breaks."""
    value = normalise(password)
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise PasswordPolicyError("パスワードに制御文字は使えません。")
    if len(value) < MIN_LENGTH:
        raise PasswordPolicyError(f"パスワードは{MIN_LENGTH}文字以上にしてください。")
    if len(value) > MAX_LENGTH:
        raise PasswordPolicyError(f"パスワードは{MAX_LENGTH}文字以内にしてください。")
    folded = value.casefold()
    if login_id and login_id.casefold() in folded:
        raise PasswordPolicyError("職員IDを含むパスワードは使えません。")
    if folded in common:
        raise PasswordPolicyError(
            "よく使われている（漏えい事例の多い）パスワードのため使えません。別のものにしてください。"
        )
    if current is not None and value == normalise(current):
        raise PasswordPolicyError("現在と同じパスワードには変更できません。")
    return value
