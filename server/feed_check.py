"""Row checks of the city's feeds (the columns are documented in server/ingest.py)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from app.domain.kana import is_kana, normalise_kana, search_key
from app.domain.my_number import MyNumberInputError
from app.domain.my_number import normalise as normalise_my_number
from app.sync import wire

Feed = Literal["residents", "welfare", "nhi"]
RESIDENT_COLUMNS = (
    "register_no", "my_number", "name", "kana", "sex", "birth_date", "address", "postal_code",
    "ward", "moved_in", "moved_out", "died", "support_measure", "non_taxable",
)  # fmt: skip
PERIOD_COLUMNS = ("register_no", "start", "end")
COLUMNS: dict[str, tuple[str, ...]] = {
    "residents": RESIDENT_COLUMNS,
    "welfare": PERIOD_COLUMNS,
    "nhi": PERIOD_COLUMNS,
}
MAX_FIELD = 1000
MAX_REASONS = 1000
REGISTER_NO = re.compile(r"[A-Za-z0-9]{1,20}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
LABELS = {
    "register_no": "住民番号", "my_number": "個人番号", "name": "氏名", "kana": "カナ氏名",
    "sex": "性別", "birth_date": "生年月日", "address": "住所", "postal_code": "郵便番号",
    "ward": "区", "moved_in": "転入日", "moved_out": "転出日", "died": "死亡日",
    "support_measure": "支援措置", "non_taxable": "非課税", "start": "開始日", "end": "終了日",
}  # fmt: skip
CHUNK = 500


class FeedRejected(Exception):
    """The feed is refused as a whole; `rows` say which rows and why (Japanese)."""

    def __init__(self, message: str, rows: list[wire.RowError]) -> None:
        super().__init__(message)
        self.message = message
        self.rows = rows


@dataclass
class Row:
    number: int
    values: dict[str, Any]


def parse(feed: Feed, text: str) -> list[Row]:
    """Checked rows of a feed, or FeedRejected listing every bad row."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(_lines(reader), None)
    expected = COLUMNS[feed]
    if header is None or sorted(name.strip() for name in header) != sorted(expected):
        raise FeedRejected(f"見出し行の列名が正しくありません。必要な列: {', '.join(expected)}", [])
    names = [name.strip() for name in header]
    rows: list[Row] = []
    reasons: list[wire.RowError] = []
    check = _resident if feed == "residents" else _period
    for number, cells in enumerate(_lines(reader), start=1):
        if not any(cell.strip() for cell in cells):
            continue
        problem: str | None
        values: dict[str, Any] = {}
        if len(cells) != len(names):
            problem = f"列の数が{len(cells)}です（{len(names)}列必要です）。"
        else:
            problem = _cells_problem(names, cells) or check(
                dict(zip(names, cells, strict=True)), values
            )
        if problem is None:
            rows.append(Row(number, values))
        elif len(reasons) < MAX_REASONS:
            reasons.append(wire.RowError(row=number, reason=problem))
        else:
            break
    if feed == "residents":
        _duplicates(rows, reasons, ("register_no",), "住民番号が同じファイル内で重複しています。")
        _duplicates(rows, reasons, ("my_number",), "個人番号が同じファイル内で重複しています。")
    else:
        message = "同じ住民の同じ開始日の期間が同じファイル内で重複しています。"
        _duplicates(rows, reasons, ("register_no", "start"), message)
    if reasons:
        raise FeedRejected(summary(reasons), sorted(reasons, key=lambda r: r.row))
    return rows


def _lines(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The rows as csv reads them; a line it cannot read (a field over csv's 128 KiB limit,
    which a quote left open makes of the whole rest of the file) refuses the feed."""
    try:
        yield from reader
    except csv.Error as exc:
        message = 'CSVとして読み取れない行があります（引用符 " の閉じ忘れや、長すぎる項目）。'
        raise FeedRejected(message, []) from exc


def summary(reasons: list[wire.RowError]) -> str:
    more = "以上" if len(reasons) >= MAX_REASONS else ""
    return (
        f"{len(reasons)}行{more}に誤りがあるため、取り込みを行いませんでした"
        "（1行も反映していません）。"
    )


def _cells_problem(names: list[str], cells: list[str]) -> str | None:
    for name, cell in zip(names, cells, strict=True):
        if len(cell) > MAX_FIELD:
            return f"{LABELS[name]}が長すぎます（{MAX_FIELD}文字まで）。"
        if any(unicodedata.category(char) in ("Cc", "Cf") for char in cell):
            return f"{LABELS[name]}に制御文字が含まれています。"
    return None


def _duplicates(
    rows: list[Row], reasons: list[wire.RowError], keys: tuple[str, ...], message: str
) -> None:
    seen: set[Any] = set()
    for row in rows:
        value = tuple(row.values.get(key) for key in keys)
        if None in value:
            continue
        if value in seen:
            reasons.append(wire.RowError(row=row.number, reason=message))
        seen.add(value)


def _date(value: str, label: str, *, required: bool) -> date | None:
    text = value.strip()
    if not text:
        if required:
            raise ValueError(f"{label}がありません。")
        return None
    try:
        if ISO_DATE.fullmatch(text):  # fromisoformat alone reads 2025-W03-1 too
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"{label}は YYYY-MM-DD の形の正しい日付で指定してください。")


def _text(value: str, label: str, limit: int) -> str:
    text = value.strip()  # as the register writes it (NFKC would turn 　 into a space)
    if not text:
        raise ValueError(f"{label}がありません。")
    if len(text) > limit:
        raise ValueError(f"{label}は{limit}文字以内で指定してください。")
    return text


def _flag(value: str, label: str) -> bool:
    text = value.strip().lower()
    if text in ("", "0", "false"):
        return False
    if text in ("1", "true"):
        return True
    raise ValueError(f"{label}は 1 か 0 で指定してください。")


def _guarded(fill: Callable[[dict[str, str], dict[str, Any]], None]) -> Callable[..., str | None]:
    def check(cells: dict[str, str], values: dict[str, Any]) -> str | None:
        try:
            fill(cells, values)
        except ValueError as exc:
            return str(exc)
        return None

    return check


@_guarded
def _resident(cells: dict[str, str], values: dict[str, Any]) -> None:
    values["register_no"] = _register_no(cells["register_no"])
    my_number = cells["my_number"].strip()
    try:
        values["my_number"] = normalise_my_number(my_number) if my_number else None
    except MyNumberInputError as exc:
        raise ValueError(f"個人番号: {exc.message}") from exc
    values["name"] = _text(cells["name"], "氏名", 100)
    kana = normalise_kana(cells["kana"])
    if not is_kana(kana) or len(kana) > 200:
        raise ValueError("カナ氏名はカタカナ（またはひらがな）200文字以内で指定してください。")
    values["kana"], values["kana_key"] = kana, search_key(kana)
    sex = cells["sex"].strip().upper()
    if sex not in ("M", "F"):
        raise ValueError("性別は M か F で指定してください。")
    values["sex"] = sex
    values["birth_date"] = _date(cells["birth_date"], "生年月日", required=True)
    values["address"] = _text(cells["address"], "住所", 300)
    postal = unicodedata.normalize("NFKC", cells["postal_code"]).strip().replace("-", "")
    if not (len(postal) == 7 and postal.isascii() and postal.isdigit()):
        raise ValueError("郵便番号は7桁の数字で指定してください。")
    values["postal_code"] = postal
    values["ward"] = _text(cells["ward"], "区", 20)
    for name in ("moved_in", "moved_out", "died"):
        values[name] = _date(cells[name], LABELS[name], required=False)
    values["support_measure"] = _flag(cells["support_measure"], "支援措置")
    values["non_taxable"] = _flag(cells["non_taxable"], "非課税")
    if values["birth_date"] > date.today():
        raise ValueError("生年月日が未来の日付です。")


@_guarded
def _period(cells: dict[str, str], values: dict[str, Any]) -> None:
    values["register_no"] = _register_no(cells["register_no"])
    values["start"] = _date(cells["start"], "開始日", required=True)
    values["end"] = _date(cells["end"], "終了日", required=False)
    if values["end"] is not None and values["end"] < values["start"]:
        raise ValueError("終了日が開始日より前です。")


def _register_no(value: str) -> str:
    text = value.strip()
    if not REGISTER_NO.fullmatch(text):
        raise ValueError("住民番号は半角英数字20文字以内で指定してください。")
    return text
