"""The messages exchanged with the 中間サーバー, one JSON document each (docs/renkei.md).

Modelled on the national data standard layout for 健康増進事業: a screening is the law's item
list and nothing more (受診日, 検診種別, 結果, 要精検, 精検結果), keyed by the standard's codes.
`read` refuses anything else (an unknown type or field, a wrong code, a date that is not one)
with a Japanese reason that names the field, never its value.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.errors import KenshinError
from app.domain.ids import new_id

LAYOUT = "kenshin-renkei/1"
MAX_MESSAGE_BYTES = 256_000
MAX_ITEMS = 200
JIMU = "健康増進法による健康増進事業の実施に関する事務"  # 番号法 別表 / 主務省令第2条の表139の項
TOKUTEI_ITEM = "健（検）診に関する情報"

# 検診種別: the standard's code for each of this city's programs under 健康増進事業. The 国保
# PSA test is not a 健康増進事業 program, so it is neither registered nor asked for.
PROGRAM_OF_CODE = {
    "01": "stomach_xray",
    "02": "stomach_endo",
    "03": "lung",
    "04": "breast",
    "05": "cervical",
    "06": "periodontal",
    "07": "osteoporosis",
    "08": "welfare_checkup",
}
CODE_OF_PROGRAM = {program: code for code, program in PROGRAM_OF_CODE.items()}
RESULT_OF_CODE = {"1": "異常認めず", "2": "要精検"}  # 結果
CODE_OF_RESULT = {text: code for code, text in RESULT_OF_CODE.items()}
FOLLOWUP_OF_CODE = {  # 精検結果
    "1": "異常認めず",
    "2": "がん",
    "3": "がんの疑い又は未確定",
    "4": "がん以外の疾患",
    "9": "未受診・未把握",
}
CODE_OF_FOLLOWUP = {text: code for code, text in FOLLOWUP_OF_CODE.items()}
ITEM_FIELDS = ("受診日", "検診種別", "結果", "要精検", "精検結果")

# What the city sends, and what comes back.
OUTGOING = ("atena_register", "auto_answer_flag", "inquiry", "fukuhon")
INCOMING = ("inquiry_result", "provision_notice")
FUKUHON_OPS = ("register", "correct", "delete")
ANSWER_STATUSES = ("provided", "no_record", "withheld")
_CITY_CODE = re.compile(r"^[0-9]{6}$")  # 全国地方公共団体コード (with its check digit)
_ID = re.compile(r"^[0-9A-Za-z-]{1,64}$")
_MY_NUMBER = re.compile(r"^[0-9]{12}$")


class LayoutError(KenshinError):
    """A message that does not follow the layout; the text says which field (Japanese)."""


@dataclass(frozen=True)
class Item:
    """One screening, as the law's item list has it."""

    screened_on: date
    program_code: str
    judgement: str
    needs_followup: bool
    followup_result: str | None = None

    def as_layout(self) -> dict[str, Any]:
        return {
            "受診日": self.screened_on.isoformat(),
            "検診種別": CODE_OF_PROGRAM[self.program_code],
            "結果": CODE_OF_RESULT[self.judgement],
            "要精検": "1" if self.needs_followup else "0",
            "精検結果": None
            if self.followup_result is None
            else CODE_OF_FOLLOWUP[self.followup_result],
        }


@dataclass(frozen=True)
class City:
    code: str
    name: str


@dataclass(frozen=True)
class Message:
    """One message: its type, id, sender and body (fields of the type, already checked)."""

    type: str
    message_id: str
    created_at: datetime
    sender: City
    body: dict[str, Any]

    def encode(self) -> bytes:
        document = {
            "layout": LAYOUT,
            "type": self.type,
            "message_id": self.message_id,
            "created_at": self.created_at.isoformat(),
            "sender": {"code": self.sender.code, "name": self.sender.name},
            **self.body,
        }
        return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")


def message(kind: str, sender: City, now: datetime, **body: Any) -> Message:
    return Message(kind, new_id(), now, sender, body)


def items_layout(items: list[Item]) -> list[dict[str, Any]]:
    return [item.as_layout() for item in items]


# ---------------------------------------------------------------- reading


_BODY_FIELDS: dict[str, tuple[str, ...]] = {
    "atena_register": ("atena_no", "my_number"),
    "auto_answer_flag": ("atena_no", "refused"),
    "inquiry": ("inquiry_id", "atena_no", "jimu", "item"),
    "fukuhon": ("op", "fukuhon_id", "atena_no", "screening"),
    "inquiry_result": ("inquiry_id", "answer_id", "status", "provider", "screenings"),
    "provision_notice": ("notice_id", "atena_no", "requester", "status", "count", "provided_at"),
}
_OPTIONAL = {"fukuhon": {"screening"}, "inquiry_result": {"provider", "screenings"}}
_ENVELOPE = ("layout", "type", "message_id", "created_at", "sender")


def read(raw: bytes) -> Message:
    """The message in `raw`, checked field by field; LayoutError says what is wrong."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise LayoutError(f"電文が大きすぎます（{MAX_MESSAGE_BYTES:,}バイトまで）。")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise LayoutError("電文がJSON（UTF-8）として読めません。") from exc
    if not isinstance(document, dict):
        raise LayoutError("電文の形式が正しくありません（オブジェクトではありません）。")
    if document.get("layout") != LAYOUT:
        raise LayoutError("電文のレイアウト版数が対応していないものです。")
    kind = document.get("type")
    if kind not in _BODY_FIELDS:
        raise LayoutError("電文の種別が不明です。")
    allowed = set(_ENVELOPE) | set(_BODY_FIELDS[kind])
    unknown = sorted(set(document) - allowed)
    if unknown:
        raise LayoutError(f"電文に定義されていない項目「{str(unknown[0])[:40]}」があります。")
    missing = [
        name
        for name in (*_ENVELOPE, *_BODY_FIELDS[kind])
        if name not in document and name not in _OPTIONAL.get(kind, set())
    ]
    if missing:
        raise LayoutError(f"電文に必須の項目「{missing[0]}」がありません。")
    message_id = _identifier(document, "message_id")
    created_at = _datetime(document, "created_at")
    sender = _city(document.get("sender"), "sender")
    body = {name: document[name] for name in _BODY_FIELDS[kind] if name in document}
    _READERS[kind](body)
    return Message(kind, message_id, created_at, sender, body)


def read_items(raw: Any) -> list[Item]:
    if not isinstance(raw, list):
        raise LayoutError("「screenings」は一覧で指定してください。")
    if len(raw) > MAX_ITEMS:
        raise LayoutError(f"検診結果が多すぎます（{MAX_ITEMS}件まで）。")
    return [read_item(entry, n) for n, entry in enumerate(raw, 1)]


def read_item(raw: Any, n: int = 1) -> Item:
    where = f"{n}件目の検診結果"
    if not isinstance(raw, dict):
        raise LayoutError(f"{where}の形式が正しくありません。")
    unknown = sorted(set(raw) - set(ITEM_FIELDS))
    if unknown:
        raise LayoutError(f"{where}に法定の項目以外「{str(unknown[0])[:40]}」が含まれています。")
    for name in ITEM_FIELDS[:4]:
        if raw.get(name) is None:
            raise LayoutError(f"{where}に必須の項目「{name}」がありません。")
    try:
        screened_on = date.fromisoformat(str(raw["受診日"]))
    except ValueError as exc:
        raise LayoutError(f"{where}の「受診日」が日付（YYYY-MM-DD）ではありません。") from exc
    if not isinstance(raw["受診日"], str) or len(raw["受診日"]) != 10:
        raise LayoutError(f"{where}の「受診日」が日付（YYYY-MM-DD）ではありません。")
    program = PROGRAM_OF_CODE.get(raw["検診種別"]) if isinstance(raw["検診種別"], str) else None
    if program is None:
        raise LayoutError(f"{where}の「検診種別」が標準のコードではありません。")
    judgement = RESULT_OF_CODE.get(raw["結果"]) if isinstance(raw["結果"], str) else None
    if judgement is None:
        raise LayoutError(f"{where}の「結果」が標準のコードではありません。")
    if raw["要精検"] not in ("0", "1"):
        raise LayoutError(f"{where}の「要精検」は 0 か 1 で指定してください。")
    needs = raw["要精検"] == "1"
    if needs != (judgement == "要精検"):
        raise LayoutError(f"{where}の「要精検」が「結果」と矛盾しています。")
    followup = _followup(raw.get("精検結果"), needs, where)
    return Item(screened_on, program, judgement, needs, followup)


def _followup(code: Any, needs: bool, where: str) -> str | None:
    if code is None:
        return None
    followup = FOLLOWUP_OF_CODE.get(code) if isinstance(code, str) else None
    if followup is None or not needs:
        raise LayoutError(
            f"{where}の「精検結果」が標準のコードでないか、要精検でない結果にあります。"
        )
    return followup


def _identifier(document: dict[str, Any], name: str) -> str:
    value = document.get(name)
    if not isinstance(value, str) or not _ID.match(value):
        raise LayoutError(f"電文の「{name}」が正しい識別子ではありません。")
    return value


def _datetime(document: dict[str, Any], name: str) -> datetime:
    value = document.get(name)
    try:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError(name)
        stamp = datetime.fromisoformat(value)
    except ValueError as exc:
        raise LayoutError(f"電文の「{name}」が日時（ISO 8601）ではありません。") from exc
    if stamp.tzinfo is None:
        raise LayoutError(f"電文の「{name}」に時差（タイムゾーン）がありません。")
    return stamp


def _city(raw: Any, name: str) -> City:
    if (
        not isinstance(raw, dict)
        or set(raw) != {"code", "name"}
        or not isinstance(raw["code"], str)
        or not _CITY_CODE.match(raw["code"])
        or not isinstance(raw["name"], str)
        or not 0 < len(raw["name"]) <= 40
    ):
        raise LayoutError(f"電文の「{name}」は団体コード（6桁）と団体名で指定してください。")
    return City(raw["code"], raw["name"])


def _atena(body: dict[str, Any]) -> None:
    _identifier(body, "atena_no")


def _read_atena_register(body: dict[str, Any]) -> None:
    _atena(body)
    if not isinstance(body["my_number"], str) or not _MY_NUMBER.match(body["my_number"]):
        raise LayoutError("電文の「my_number」は12桁の数字で指定してください。")


def _read_flag(body: dict[str, Any]) -> None:
    _atena(body)
    if not isinstance(body["refused"], bool):
        raise LayoutError("電文の「refused」は真偽値で指定してください。")


def _read_inquiry(body: dict[str, Any]) -> None:
    _identifier(body, "inquiry_id")
    _atena(body)
    if body["jimu"] != JIMU or body["item"] != TOKUTEI_ITEM:
        raise LayoutError("照会の事務または特定個人情報の項目が照会許可の一覧にありません。")


def _read_fukuhon(body: dict[str, Any]) -> None:
    _identifier(body, "fukuhon_id")
    _atena(body)
    if body["op"] not in FUKUHON_OPS:
        raise LayoutError("副本の操作は register / correct / delete のいずれかです。")
    if body["op"] == "delete":
        if body.get("screening") is not None:
            raise LayoutError("副本の削除に検診結果を付けることはできません。")
        return
    body["screening"] = read_item(body.get("screening"))


def _read_answer(body: dict[str, Any]) -> None:
    _identifier(body, "inquiry_id")
    _identifier(body, "answer_id")
    if body["status"] not in ANSWER_STATUSES:
        raise LayoutError("照会結果の「status」は provided / no_record / withheld のいずれかです。")
    if body["status"] == "provided":
        body["provider"] = _city(body.get("provider"), "provider")
        body["screenings"] = read_items(body.get("screenings"))
        if not body["screenings"]:
            raise LayoutError("提供ありの照会結果に検診結果がありません。")
    else:
        if body.get("screenings"):
            raise LayoutError("提供なしの照会結果に検診結果が含まれています。")
        provider = body.get("provider")
        body["provider"] = None if provider is None else _city(provider, "provider")
        body["screenings"] = []


def _read_notice(body: dict[str, Any]) -> None:
    _identifier(body, "notice_id")
    _atena(body)
    body["requester"] = _city(body["requester"], "requester")
    if body["status"] not in ("provided", "withheld"):
        raise LayoutError("提供通知の「status」は provided / withheld のいずれかです。")
    count = body["count"]
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_ITEMS:
        raise LayoutError("提供通知の「count」は0以上の整数で指定してください。")
    body["provided_at"] = _datetime(body, "provided_at")


_READERS = {
    "atena_register": _read_atena_register,
    "auto_answer_flag": _read_flag,
    "inquiry": _read_inquiry,
    "fukuhon": _read_fukuhon,
    "inquiry_result": _read_answer,
    "provision_notice": _read_notice,
}
