"""A 中間サーバー and the other cities behind the 情報提供ネットワークシステム, for the tests
and the demo. It plays the far side of a `SpoolPort`: it takes this city's messages from the
outbox and puts its answers in the inbox, as the システム連携基盤 would.

What it keeps (its own 副本 database) lives in one file of the spool, mode 0600, on the server:
- the persons this city made known: 団体内統合宛名番号 -> 個人番号 (the 符号 stands for it),
- this city's 副本 per person, and the 自動応答不可 flags,
- other cities' results per 個人番号, and which of those people their city flags.
It answers a 情報照会 with the results of another city holding the person, `no_record` when
none does, and `withheld` when that city flags the person. When another city asks about one of
this city's residents (`query_from`), it answers automatically from the 副本, except for a
flagged person, and tells this city either way (提供通知).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from app.domain.ids import new_id
from server.renkei import layout
from server.renkei.layout import City, Item, LayoutError
from server.renkei.port import SUFFIX, SpoolPort, write_whole

STATE = "simulator-state.json"
SIMULATOR = City("000000", "中間サーバー（模擬）")


class Simulator:
    def __init__(self, port: SpoolPort, *, clock: Any = None) -> None:
        self.port = port
        self.path = port.root / STATE
        self._clock = clock or (lambda: datetime.now(UTC))

    # ------------------------------------------------------------ state

    def _load(self) -> dict[str, Any]:
        if not self.path.is_file():
            return {"persons": {}, "fukuhon": {}, "refused": {}, "others": {}, "seen": []}
        state: dict[str, Any] = json.loads(self.path.read_text("utf-8"))
        return state

    def _save(self, state: dict[str, Any]) -> None:
        state["seen"] = state["seen"][-10_000:]
        write_whole(self.path, json.dumps(state, ensure_ascii=False).encode("utf-8"))

    # ------------------------------------------------------------ what the tests and the demo set

    def add_other_city_result(self, my_number: str, city: City, item: Item) -> None:
        """Another city holds this screening of the person (its 副本)."""
        state = self._load()
        entry = state["others"].setdefault(my_number, {"city": [city.code, city.name], "items": []})
        entry["items"].append(item.as_layout())
        self._save(state)

    def flag_at_other_city(self, my_number: str) -> None:
        """The other city holding the person flags them 自動応答不可."""
        state = self._load()
        state["others"].setdefault(my_number, {"city": ["000000", ""], "items": []})["refused"] = (
            True
        )
        self._save(state)

    def inject(self, raw: bytes) -> str:
        """Put a message (well formed or not) in this city's inbox as the network would."""
        name = f"{self._clock().strftime('%Y%m%d%H%M%S%f')}-{new_id()}{SUFFIX}"
        write_whole(self.port.inbox / name, raw)
        return name

    # ------------------------------------------------------------ what tests read back

    def fukuhon_of(self, my_number: str) -> list[dict[str, Any]]:
        """This city's 副本 of the person, as registered (the layout's items)."""
        state = self._load()
        for atena, number in state["persons"].items():
            if number == my_number:
                return list(state["fukuhon"].get(atena, {}).values())
        return []

    def holds(self, my_number: str) -> bool:
        """Whether another city already holds results of the person."""
        return my_number in self._load()["others"]

    def refused(self, my_number: str) -> bool:
        state = self._load()
        return any(
            number == my_number and state["refused"].get(atena, False)
            for atena, number in state["persons"].items()
        )

    def query_from(self, requester: City, my_number: str) -> list[dict[str, Any]] | None:
        """Another city's 情報照会 about one of this city's people: the 副本 it is given, or None
        when the person is flagged (no automatic answer). This city is told either way."""
        state = self._load()
        atena = next((a for a, n in state["persons"].items() if n == my_number), None)
        if atena is None:
            return []
        refused = bool(state["refused"].get(atena, False))
        items = [] if refused else list(state["fukuhon"].get(atena, {}).values())
        self._reply(
            "provision_notice",
            notice_id=new_id(),
            atena_no=atena,
            requester={"code": requester.code, "name": requester.name},
            status="withheld" if refused else "provided",
            count=len(items),
            provided_at=self._clock().isoformat(),
        )
        return None if refused else items

    # ------------------------------------------------------------ one round

    def step(self) -> int:
        """Take every message of this city from the outbox and answer; returns how many."""
        state = self._load()
        taken = 0
        for path in sorted(self.port.outbox.glob("*" + SUFFIX)):
            raw = path.read_bytes()
            try:
                found = layout.read(raw)
            except LayoutError:
                path.unlink()
                continue
            if found.message_id not in state["seen"]:
                state["seen"].append(found.message_id)
                self._take(state, found)
            path.unlink()
            taken += 1
        self._save(state)
        return taken

    def _take(self, state: dict[str, Any], found: layout.Message) -> None:
        body = found.body
        atena = str(body.get("atena_no"))
        if found.type == "atena_register":
            state["persons"][atena] = body["my_number"]
        elif found.type == "auto_answer_flag":
            state["refused"][atena] = bool(body["refused"])
        elif found.type == "fukuhon":
            held = state["fukuhon"].setdefault(atena, {})
            if body["op"] == "delete":
                held.pop(str(body["fukuhon_id"]), None)
            else:
                held[str(body["fukuhon_id"])] = body["screening"].as_layout()
        elif found.type == "inquiry":
            self._answer(state, str(body["inquiry_id"]), state["persons"].get(atena))

    def _answer(self, state: dict[str, Any], inquiry_id: str, my_number: str | None) -> None:
        other = state["others"].get(my_number or "")
        reply: dict[str, Any] = {"inquiry_id": inquiry_id, "answer_id": new_id()}
        if other is None or (not other["items"] and not other.get("refused")):
            reply["status"] = "no_record"
        elif other.get("refused"):
            reply["status"] = "withheld"
        else:
            code, name = other["city"]
            reply["status"] = "provided"
            reply["provider"] = {"code": code, "name": name}
            reply["screenings"] = other["items"]
        self._reply("inquiry_result", **reply)

    def _reply(self, kind: str, **body: Any) -> None:
        made = layout.message(kind, SIMULATOR, self._clock(), **body)
        name = f"{self._clock().strftime('%Y%m%d%H%M%S%f')}-{kind}-{made.message_id}{SUFFIX}"
        write_whole(self.port.inbox / name, made.encode())
