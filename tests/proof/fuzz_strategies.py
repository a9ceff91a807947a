"""Hypothesis strategies and checks for the fuzz proof (tests/proof/test_fuzz.py).

What a clerk, a paste, a city feed or a forged request can put into a parser: arbitrary text
(st.text() excludes lone surrogates, as a Python str from Qt or UTF-8 never holds one),
control and format characters, 10,000-character pastes, digits of every width and script,
era dates right and wrong, kana in every spelling, numbers with commas and exponents, and
arbitrary JSON for the wire.
"""

from __future__ import annotations

import os
import re
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from app.domain.kana import DASH_LIKE

# CI: 200 examples per parser test, fewer for the server and store tests (the module stays
# inside 120 s on a loaded 2-core machine); the slow proof sets KENSHIN_FUZZ_EXAMPLES=10000
# and then every test runs that many (see test_fuzz_10000_each).
CI_EXAMPLES = 200
EXAMPLES = int(os.environ.get("KENSHIN_FUZZ_EXAMPLES", str(CI_EXAMPLES)))


def fuzz(examples: int | None = None, **extra: Any) -> settings:
    """Settings of one fuzz test: no deadline, no example database written into the repo.

    `examples` scales with KENSHIN_FUZZ_EXAMPLES for the slow tests (a server request costs
    milliseconds, a parser call microseconds); the default is EXAMPLES itself.
    """
    suppressed = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
    if extra.pop("shared_fixture", False):
        # The test builds its server or store once on the first example and keeps it for the
        # others (see _once and _desk in test_fuzz.py): tmp_path is meant to be shared.
        suppressed.append(HealthCheck.function_scoped_fixture)
    return settings(
        max_examples=examples or EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=suppressed,
        **extra,
    )


def scaled(fraction: float) -> int:
    """The CI run's share for a slower test (at least 50); a longer run gives every test all
    of EXAMPLES, so that "10,000 each" holds for the server and the store too."""
    if EXAMPLES > CI_EXAMPLES:
        return EXAMPLES
    return max(50, int(EXAMPLES * fraction))


# ------------------------------------------------------------------------------ checks

JAPANESE = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# What leaks when an exception's repr or a Python object reaches a clerk.
RAW_PYTHON = re.compile(
    r"Traceback|Error\(|Exception\(|<class |object at 0x|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}"
    r"|\bNone\b|\{'|\['|ValidationError|pydantic|sqlalchemy|sqlite|psycopg",
    re.IGNORECASE,
)


def assert_japanese(message: object, *inputs: str) -> None:
    """A refusal a clerk can read: non-empty Japanese text, no Python repr.

    `inputs` are what was keyed: a message may quote a short part of it (「{kind[:40]}」),
    which is the clerk's own text and not a leak of Python, so it is left out of that check.
    """
    assert isinstance(message, str), f"message is not text: {type(message).__name__}"
    assert message.strip(), "empty refusal message"
    assert JAPANESE.search(message), f"refusal without Japanese: {message[:200]!r}"
    rest = message
    for text in inputs:
        for piece in (text, text.strip(), text[:40], text[:60]):
            if piece:
                rest = rest.replace(piece, "")
    assert not RAW_PYTHON.search(rest), f"raw Python in a refusal: {message[:200]!r}"


# ------------------------------------------------------------------------------ text

CONTROL = (
    "\x00", "\x01", "\x07", "\x08", "\t", "\n", "\x0b", "\x0c", "\r", "\x1b", "\x7f",
    "\x85", "\x9f", "\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028",
    "\u2029", "\u202e", "\u2060", "\u2066", "\ufeff", "\ufff9", "\U000e0001", "\ue000",
)  # fmt: skip
WHITESPACE = (" ", "\u3000", "\t", "\n", "\r\n", "\u00a0", "\u2002", "\u205f")

ASCII_DIGITS = "0123456789"
WIDE_DIGITS = "０１２３４５６７８９"
OTHER_DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲३४५๑๒๓①②③⑴⒈¹²³½⅓ⅩⅫ"
KANJI_DIGITS = "〇一二三四五六七八九十百千万"

_TO_WIDE = str.maketrans(ASCII_DIGITS + ".,-+", WIDE_DIGITS + "．，－＋")
controls = st.sampled_from(CONTROL)
whitespace = st.sampled_from(WHITESPACE)
any_text = st.text(max_size=80)
# Text of ordinary characters only: letters, digits, punctuation, spaces (no C* categories).
printable_text = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn")), max_size=60
)


def _repeat(piece: str) -> str:
    return (piece * (10_000 // max(1, len(piece)) + 1))[:10_000]


# A 10,000-character paste (a whole document landing in one field).
long_paste = st.one_of(
    st.text(min_size=1, max_size=8).map(_repeat),
    st.sampled_from(["1", "あ", "R7.1.20", "\x00", "ア゙", "1,000", "ー"]).map(_repeat),
)


def with_noise(core: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """`core` with whitespace, a control character or junk before, inside or after it."""
    noise = st.one_of(whitespace, controls, st.text(max_size=3))

    def place(value: str, extra: str, where: int, mode: int) -> str:
        at = where % (len(value) + 1)
        if mode == 0:
            return extra + value
        if mode == 1:
            return value + extra
        return value[:at] + extra + value[at:]

    return st.builds(place, core, noise, st.integers(0, 100), st.integers(0, 2))


digit_runs = st.text(alphabet=ASCII_DIGITS, min_size=1, max_size=16)
wide_digit_runs = st.text(alphabet=WIDE_DIGITS, min_size=1, max_size=16)
any_digit_runs = st.text(
    alphabet=ASCII_DIGITS + WIDE_DIGITS + OTHER_DIGITS + KANJI_DIGITS + " -‐−ー－ ", max_size=20
)

# Numbers as people and spreadsheets write them.
_NUMBER_SHAPES = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(-1e6, 1e6).map(lambda x: f"{x:.3f}"),
    st.floats(-1e6, 1e6).map(lambda x: f"{x:e}"),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"\A[+-]?[0-9]{0,5}(\.[0-9]{0,4})?([eE][+-]?[0-9]{1,4})?\Z"),
    st.from_regex(r"\A[+-]?[0-9]{1,3}(,[0-9]{3}){0,3}(\.[0-9]{1,3})?\Z"),
    st.sampled_from(
        ["", ".", "-", "+", "-.", "0x1F", "1_000", "١٢٣", "½", "①", "∞", "NaN", "1e99999",
         "9" * 400, "0" * 50 + "1", "--1", "1-", "1..2", "１２０．５", "－３", "１，２００"]
    ),
)  # fmt: skip
numbers = st.one_of(_NUMBER_SHAPES, _NUMBER_SHAPES.map(lambda s: s.translate(_TO_WIDE)))

# ------------------------------------------------------------------------------ dates

ERA_TOKENS = (
    "明治", "大正", "昭和", "平成", "令和", "明", "大", "昭", "平", "令",
    "M", "T", "S", "H", "R", "m", "t", "s", "h", "r", "Ｒ", "ｈ", "㍾", "㍽", "㍼", "㍻", "㋿",
    "慶応", "元治", "K", "A", "X", "Z", "西暦", "", "令和令和",
)  # fmt: skip
_SEPARATORS = (
    (".", ".", ""), ("/", "/", ""), ("-", "-", ""), ("年", "月", "日"), ("年", "月", ""),
    ("．", "．", ""), ("・", "・", ""), (" ", " ", ""), (".", "/", ""), ("", "", ""),
)  # fmt: skip


@st.composite
def era_dates(draw: st.DrawFn) -> str:
    """Era dates right and wrong: day 0/32, month 13, year 0, before the era, out of range."""
    era = draw(st.sampled_from(ERA_TOKENS))
    year = draw(
        st.one_of(
            st.sampled_from(["元", "0", "00", "1", "01", "31", "64", "45", "99", "9999", "-1"]),
            st.integers(0, 120).map(str),
            st.integers(1, 70).map(lambda n: f"{n:02d}"),
        )
    )
    month = draw(st.one_of(st.integers(0, 13).map(str), st.sampled_from(["00", "02", "1２"])))
    day = draw(st.one_of(st.integers(0, 32).map(str), st.sampled_from(["29", "30", "31", "00"])))
    first, second, last = draw(st.sampled_from(_SEPARATORS))
    space = draw(st.sampled_from(["", " ", "　"]))
    text = f"{era}{space}{year}{first}{month}{second}{day}{last}"
    if draw(st.booleans()):
        text = text.translate(_TO_WIDE)
    return text


@st.composite
def western_dates(draw: st.DrawFn) -> str:
    """Western dates, with Feb 29 in non-leap years, day 0/32 and years before 1873."""
    year = draw(
        st.one_of(
            st.integers(1, 9999),
            st.sampled_from([1872, 1873, 1900, 1989, 2019, 2023, 2024, 2100, 2400]),
        )
    )
    month = draw(st.integers(0, 13))
    day = draw(st.one_of(st.integers(0, 32), st.just(29)))
    shape = draw(st.integers(0, 5))
    if shape == 0:
        text = f"{year:04d}-{month:02d}-{day:02d}"
    elif shape == 1:
        text = f"{year}/{month}/{day}"
    elif shape == 2:
        text = f"{year}年{month}月{day}日"
    elif shape == 3:
        text = f"{year:04d}{month:02d}{day:02d}"
    elif shape == 4:
        text = f"{draw(st.integers(0, 9))}{year % 100:02d}{month:02d}{day:02d}"  # 7-digit code
    else:
        text = f"{year}.{month}.{day}"
    if draw(st.booleans()):
        text = text.translate(_TO_WIDE)
    return text


iso_weeks = st.builds(
    lambda y, w, d: f"{y:04d}-W{w:02d}-{d}",
    st.integers(1900, 2100),
    st.integers(1, 53),
    st.integers(1, 7),
)
date_texts = st.one_of(
    era_dates(),
    western_dates(),
    iso_weeks,
    with_noise(era_dates()),
    any_digit_runs,
    any_text,
)

# ------------------------------------------------------------------------------ kana

HIRAGANA = "".join(chr(c) for c in range(0x3041, 0x3097))
KATAKANA = "".join(chr(c) for c in range(0x30A1, 0x30FB))
HALF_KANA = "".join(chr(c) for c in range(0xFF66, 0xFF9F + 1))
SMALL_KANA = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
VOICED_MARKS = "\u3099\u309a\u309b\u309c\uff9e\uff9f"
KANA_ALPHABET = (
    HIRAGANA + KATAKANA + HALF_KANA + SMALL_KANA + VOICED_MARKS + "ヴゔヷヸヹヺーゝゞヽヾ・･"
    + "".join(DASH_LIKE) + " 　" + "山田髙﨑太郎ABCａｂｃ123"
)  # fmt: skip
kana_texts = st.one_of(
    st.text(alphabet=KANA_ALPHABET, max_size=40),
    st.text(alphabet=HIRAGANA + KATAKANA + " 　ー", min_size=1, max_size=20),
    with_noise(st.text(alphabet=KATAKANA + VOICED_MARKS, min_size=1, max_size=10)),
)

# ------------------------------------------------------------------------------ any input

# The mix every free-text parser gets: junk, pastes, controls, and the structured shapes.
junk = st.one_of(
    any_text,
    printable_text,
    long_paste,
    controls,
    st.lists(controls, min_size=1, max_size=5).map("".join),
    with_noise(printable_text),
    numbers,
    date_texts,
    kana_texts,
    any_digit_runs,
    wide_digit_runs,
    st.sampled_from(["*", "?", "/", "＊", "？", "／", "空欄", "判読不能", "該当なし", "#blank",
                     "#na", "#illegible", "None", "null", "true", "[]", "{}", "\\", "%s", "'"]),
)  # fmt: skip

# ------------------------------------------------------------------------------ JSON

# Leaves of generated JSON: the junk without its 10,000-character pastes (those are fed to
# every parser directly; inside JSON they only slow the generation down).
light_junk = st.one_of(any_text, printable_text, controls, numbers, date_texts, kana_texts)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    light_junk,
)
json_values: st.SearchStrategy[Any] = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def json_object_with(
    keys: dict[str, st.SearchStrategy[Any]],
) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with some of `keys` (each from its strategy or any JSON) and maybe extra keys."""
    fields = {name: st.one_of(strategy, json_values) for name, strategy in keys.items()}
    return st.fixed_dictionaries({}, optional=fields | {"extra": json_values}) | st.dictionaries(
        st.sampled_from([*keys, "x"]), json_values, max_size=len(keys) + 1
    )
