"""Kana for storage and for search keys (NFKC, full-width katakana, one long-sound mark)."""

from __future__ import annotations

import unicodedata

LONG_SOUND_MARK = "ー"

# NFKC leaves most of these alone (〜 U+301C, − U+2212, ‐ U+2010, ― U+2015 among them), yet
# clerks and registers use every one of them where a name has a long sound.
DASH_LIKE: frozenset[str] = frozenset(
    "-~\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2053\u2212\u2500\u2501"
    "\u2e3a\u2e3b\u301c\u3030\ufe58\ufe63\uff0d\uff5e\uff70"
)

# Invisible characters that arrive with pasted text and would make two equal names differ.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

# Spacing voiced marks (か゛) become combining ones first, so that NFKC composes them (が);
# NFKC on its own would turn ゛ into a space followed by a combining mark.
_SPACING_TO_COMBINING = str.maketrans({"\u309b": "\u3099", "\u309c": "\u309a"})

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)} | {
    0x309D: 0x30FD,
    0x309E: 0x30FE,
}
_FOLD = str.maketrans(
    {chr(code): chr(target) for code, target in _HIRAGANA_TO_KATAKANA.items()}
    | dict.fromkeys(DASH_LIKE, LONG_SOUND_MARK)
    | dict.fromkeys(_INVISIBLE, "")
)

# ・ is allowed because registers write foreign names with it (ジョン・スミス).
_KANA = frozenset(chr(code) for code in range(0x30A1, 0x30FF))


def _fold(text: str) -> str:
    """NFKC with voiced marks composed, hiragana as katakana and every dash as ー."""
    return unicodedata.normalize("NFKC", text.translate(_SPACING_TO_COMBINING)).translate(_FOLD)


def search_key(text: str) -> str:
    """Key to match kana on: folded as `normalise_kana`, then every whitespace removed.

    Idempotent.  The closing NFKC composes marks that whitespace used to keep apart
    (``"ワ \u3099"`` → ヷ), which is what makes a second pass change nothing.
    """
    folded = "".join(char for char in _fold(text) if not char.isspace())
    return unicodedata.normalize("NFKC", folded)


def normalise_kana(text: str) -> str:
    """Kana as stored: NFKC, full-width katakana, dashes as ー, single spaces, trimmed.

    Spaces between family and given name are kept (as one ASCII space, since NFKC turns the
    全角スペース into one).  Idempotent.
    """
    return unicodedata.normalize("NFKC", " ".join(_fold(text).split()))


def is_kana(text: str) -> bool:
    """True when, once normalised, the text is katakana, ー, ・ and spaces, with some kana.

    Hiragana and half-width katakana count, since normalising folds them.  Empty or blank
    text is not kana: a kana field that says nothing is not valid.
    """
    normalised = normalise_kana(text)
    return bool(normalised) and all(char in _KANA or char == " " for char in normalised)
