"""The use cases of 情報連携, on the server's database and a `Port` to the 中間サーバー.

- 情報照会: `request` (a supervisor) or `queue_auto` (N days after a move-in); `exchange` sends
  what is queued and takes the answers in, each a `RenkeiAnswer` that waits; `confirm` (a second
  person: never the one who asked) turns it into this city's `screening_result` records with
  source `former_city`, which every desk of the ward pulls and the eligibility rules read.
- 副本登録: `exchange` follows the change log: each result of this city made, corrected or
  deleted (retention and purges included) becomes a 副本 message. Before a person's first 副本,
  and whenever the support measure changes, the 自動応答不可 flag is sent, so a resident under a
  support measure (DV等支援措置) is never answered automatically.
- Every request, answer, provision and 副本 change goes into the 情報提供等記録 (`RenkeiRecord`)
  and the server audit, ids and counts only. Answers are deleted after their retention.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.domain import calendar
from app.domain.calendar import JST
from app.domain.errors import KenshinError
from app.domain.ids import new_id
from app.domain.programs import FORMER_CITY
from app.sync import wire
from server import audit
from server.changes import Change, horizon, log_changes
from server.config import ServerSettings
from server.deps import desk_settings
from server.models import (
    ChangeLog,
    Record,
    RecordHistory,
    RenkeiAnswer,
    RenkeiFukuhon,
    RenkeiOutbox,
    RenkeiPerson,
    RenkeiRecord,
    RenkeiRequest,
    Resident,
    ServerState,
)
from server.renkei import layout
from server.renkei.layout import City, Item, LayoutError, Message
from server.renkei.port import Port, SpoolPort
from server.renkei.simulator import Simulator

log = logging.getLogger("kenshin.server.renkei")
RENKEI_DEVICE = "server:renkei"  # the device_id of the results an answer's confirmation makes
CURSOR = "renkei_change_seq"  # the change-log seq the 副本 registration has followed up to
EXCHANGE_LOCK = 0x4B454E52  # pg_advisory_xact_lock key of an exchange ("KENR")
OPEN_STATUSES = ("queued", "sent")
AUTO_LOOKBACK_DAYS = 90  # move-ins older than the delay plus this are not queued by themselves
BATCH = 500
MAX_CHANGES = 20_000  # change rows followed by one exchange

UNANSWERED_DAYS = 14  # a sent inquiry with no answer this long is given up (a new one may go)
UNANSWERED = "回答がないまま期限を過ぎました。必要なら改めて照会してください。"
STATUS_MESSAGES = {
    "no_record": "前住所地に検診結果の記録はありませんでした。",
    "withheld": "前住所地では自動応答ができない方のため、回答は前住所地から個別に行われます。",
}


NOT_CONFIGURED = (
    "情報連携（中間サーバーとの接続）がこのサーバーに設定されていません。"
    "システム管理者に連絡してください。"
)


class RenkeiRefused(KenshinError):
    """A request or decision that cannot be taken; the message says why (Japanese)."""


@dataclass(frozen=True)
class Connection:
    """The 中間サーバー as this server reaches it: the port, this city, and (tests and demo)
    the simulator that plays the other side between sending and receiving."""

    port: Port
    city: City
    simulator: Callable[[], object] | None = None


def connect(settings: ServerSettings) -> Connection:
    """The connection `settings` describe; RenkeiRefused when 情報連携 is off."""
    if settings.renkei_mode not in ("spool", "simulator"):
        raise RenkeiRefused(NOT_CONFIGURED)
    port = SpoolPort(settings.renkei_spool())
    city = City(settings.renkei_city_code, settings.renkei_city_name)
    simulator = Simulator(port).step if settings.renkei_mode == "simulator" else None
    return Connection(port, city, simulator)


@dataclass
class Counts:
    queued_auto: int = 0
    sent: int = 0
    received: int = 0
    refused: int = 0
    registered: int = 0
    purged: int = 0
    reasons: list[str] = field(default_factory=list)  # refusals, Japanese, no values

    def as_wire(self) -> wire.RenkeiExchangeOut:
        return wire.RenkeiExchangeOut(
            queued_auto=self.queued_auto,
            sent=self.sent,
            received=self.received,
            refused=self.refused,
            registered=self.registered,
            purged=self.purged,
        )


def note(
    session: Session,
    kind: str,
    now: datetime,
    *,
    resident_id: str | None = None,
    reference: str | None = None,
    counterpart: City | None = None,
    staff_id: str | None = None,
    detail: str = "",
) -> None:
    """One line of the 情報提供等記録."""
    session.add(
        RenkeiRecord(
            at=now,
            kind=kind,
            resident_id=resident_id,
            reference=reference,
            counterpart_code=None if counterpart is None else counterpart.code,
            counterpart_name=None if counterpart is None else counterpart.name,
            staff_id=staff_id,
            detail=detail[:200],
        )
    )


# ---------------------------------------------------------------- 情報照会


def request(
    session: Session, resident_id: str, staff_id: str, reason: str, now: datetime
) -> RenkeiRequest:
    """A supervisor's 情報照会 for a moved-in resident; queued until the next exchange."""
    resident = session.get(Resident, resident_id)
    if resident is None:
        raise RenkeiRefused("指定された住民が住民記録にありません。")
    _check_requestable(session, resident)
    row = RenkeiRequest(
        id=new_id(),
        resident_id=resident.id,
        trigger="manual",
        requested_by=staff_id,
        requested_at=now,
        reason=_clean(reason, 200),
        status="queued",
    )
    session.add(row)
    return row


def _check_requestable(session: Session, resident: Resident) -> None:
    if resident.moved_in is None:
        raise RenkeiRefused("転入日のない住民は、前住所地に照会できません。")
    if resident.died is not None or resident.moved_out is not None:
        raise RenkeiRefused("転出または死亡した住民は照会できません。")
    if not resident.my_number:
        raise RenkeiRefused(
            "個人番号が登録されていない住民は、情報提供ネットワークシステムで照会できません。"
        )
    open_one = session.scalar(
        select(RenkeiRequest.id).where(
            RenkeiRequest.resident_id == resident.id, RenkeiRequest.status.in_(OPEN_STATUSES)
        )
    )
    if open_one is not None:
        raise RenkeiRefused("この住民には回答待ちの照会が既にあります。回答をお待ちください。")


def queue_auto(session: Session, today: date, days: int, now: datetime) -> int:
    """Requests for residents who moved in `days` days ago or more (at most AUTO_LOOKBACK_DAYS
    before that) and have not been asked about since the move-in; returns how many."""
    latest = today - timedelta(days=days)
    earliest = latest - timedelta(days=AUTO_LOOKBACK_DAYS)
    asked = select(RenkeiRequest.id).where(
        RenkeiRequest.resident_id == Resident.id, RenkeiRequest.requested_at >= Resident.moved_in
    )
    query = select(Resident.id).where(
        Resident.moved_in.between(earliest, latest),
        Resident.moved_out.is_(None),
        Resident.died.is_(None),
        Resident.my_number.is_not(None),
        ~asked.exists(),
    )
    queued = 0
    for resident_id in session.scalars(query).all():
        session.add(
            RenkeiRequest(
                id=new_id(),
                resident_id=resident_id,
                trigger="auto",
                requested_by=None,
                requested_at=now,
                reason=f"転入後{days}日経過",
                status="queued",
            )
        )
        note(
            session,
            "requested",
            now,
            resident_id=resident_id,
            detail=f"転入後{days}日経過のため自動で情報照会を予定",
        )
        queued += 1
    return queued


# ---------------------------------------------------------------- answers


def confirm(
    session: Session, answer_id: str, staff_id: str, reason: str, now: datetime
) -> RenkeiAnswer:
    """The second person takes the answer into the resident's history: one screening_result
    per item (one already recorded from the former city is not made again)."""
    answer = _waiting(session, answer_id)
    asked = session.get(RenkeiRequest, answer.request_id)
    if asked is not None and asked.requested_by == staff_id:
        raise RenkeiRefused("照会を依頼した職員とは別の職員が確認してください。")
    resident = session.get(Resident, answer.resident_id)
    if resident is None:
        raise RenkeiRefused("この回答の住民は住民記録にありません（消去済み）。取り込めません。")
    city = City(answer.former_city_code, answer.former_city_name)
    made = _record_results(session, resident, answer, city, now)
    answer.status = "confirmed"
    answer.decided_by = staff_id
    answer.decided_at = now
    answer.decision_reason = _clean(reason, 400)
    note(
        session,
        "confirmed",
        now,
        resident_id=resident.id,
        reference=answer.id,
        counterpart=city,
        staff_id=staff_id,
        detail=f"取込 {made}件（回答 {len(answer.items)}件）",
    )
    return answer


def reject(
    session: Session, answer_id: str, staff_id: str, reason: str, now: datetime
) -> RenkeiAnswer:
    answer = _waiting(session, answer_id)
    cleaned = _clean(reason, 400)
    if not cleaned:
        raise RenkeiRefused("差し戻しの理由を入力してください。")
    answer.status = "rejected"
    answer.decided_by = staff_id
    answer.decided_at = now
    answer.decision_reason = cleaned
    note(
        session,
        "rejected",
        now,
        resident_id=answer.resident_id,
        reference=answer.id,
        counterpart=City(answer.former_city_code, answer.former_city_name),
        staff_id=staff_id,
        detail="回答を取り込まずに差し戻し",
    )
    return answer


def _waiting(session: Session, answer_id: str) -> RenkeiAnswer:
    answer = session.get(RenkeiAnswer, answer_id, with_for_update=True)
    if answer is None:
        raise RenkeiRefused(
            "指定された照会結果が見つかりません（保存期間を過ぎて削除済みの場合もあります）。"
        )
    if answer.status != "waiting":
        raise RenkeiRefused("この照会結果は既に確認または差し戻しされています。")
    return answer


def _record_results(
    session: Session, resident: Resident, answer: RenkeiAnswer, city: City, now: datetime
) -> int:
    present = {
        (str(data.get("program_code")), str(data.get("screened_on")))
        for data in session.scalars(
            select(Record.data).where(
                Record.resident_id == resident.id, Record.kind == "screening_result"
            )
        )
        if data.get("source") == FORMER_CITY
    }
    changes: list[Change] = []
    for item in answer.items:
        key = (str(item["program_code"]), str(item["screened_on"]))
        if key in present:
            continue
        present.add(key)
        screened_on = date.fromisoformat(str(item["screened_on"]))
        record_id = new_id()
        data: dict[str, Any] = {
            "id": record_id,
            "resident_id": resident.id,
            "program_code": item["program_code"],
            "screened_on": screened_on.isoformat(),
            "fiscal_year": calendar.fiscal_year_of(screened_on),
            "judgement": item["judgement"],
            "first_time": False,
            "source": FORMER_CITY,
            "form_id": None,
            "values": {
                "former_city": city.name,
                "former_city_code": city.code,
                "renkei_answer_id": answer.id,
                "followup_result": item.get("followup_result"),
            },
            "updated_at": now.isoformat(),
        }
        session.add(
            Record(
                id=record_id,
                kind="screening_result",
                version=1,
                content_hash=wire.content_hash(data),
                data=data,
                ward=resident.ward,
                device_id=RENKEI_DEVICE,
                natural_key=None,
                resident_id=resident.id,
                parent_id=resident.id,
                updated_at=now,
            )
        )
        session.add(RecordHistory(id=record_id, version=1, data=data, push_hash=None))
        changes.append(Change("records", record_id, "upsert", "screening_result", resident.ward))
    log_changes(session, changes, now=now)
    return len(changes)


# ---------------------------------------------------------------- the exchange


_exchange_lock = threading.Lock()


def exchange(sessions: sessionmaker[Session], connection: Connection, now: datetime) -> Counts:
    """One round with the 中間サーバー: queue (auto requests, flags, 副本), send, let the
    simulator play (tests, demo), take the answers in, delete what has expired."""
    counts = Counts()
    with _exchange_lock:
        with sessions.begin() as session:
            _lock(session)
            counts.queued_auto = _collect(session, connection.city, now)
        with sessions.begin() as session:
            _lock(session)
            counts.sent, counts.registered = _send(session, connection, now)
        if connection.simulator is not None:
            connection.simulator()
        for incoming in list(connection.port.receive()):
            refusal = _take(sessions, connection, incoming.raw, now)
            connection.port.acknowledge(incoming.name)
            if refusal is None:
                counts.received += 1
            else:
                counts.refused += 1
                counts.reasons.append(refusal)
        with sessions.begin() as session:
            counts.purged = purge_expired(session, now)
    return counts


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": EXCHANGE_LOCK})


def _collect(session: Session, city: City, now: datetime) -> int:
    settings = desk_settings(session)
    today = now.astimezone(JST).date()
    queued = queue_auto(session, today, settings.renkei_auto_request_days, now)
    keep = timedelta(days=settings.renkei_answer_retention_days)
    session.execute(
        update(RenkeiRequest)
        .where(
            RenkeiRequest.status == "sent",
            RenkeiRequest.sent_at <= now - timedelta(days=UNANSWERED_DAYS),
        )
        .values(status="failed", message=UNANSWERED, purge_after=now + keep)
    )
    session.flush()
    outbox = _Outbox(session, city, now)
    queued_rows = session.scalars(select(RenkeiRequest).where(RenkeiRequest.status == "queued"))
    for row in queued_rows.all():
        resident = session.get(Resident, row.resident_id)
        if resident is None or not resident.my_number:
            row.status = "failed"
            row.message = "照会する住民が住民記録にないか、個人番号がありません。"
            continue
        outbox.person(resident)
        outbox.add(
            "inquiry",
            inquiry_id=row.id,
            atena_no=resident.id,
            jimu=layout.JIMU,
            item=layout.TOKUTEI_ITEM,
        )
        row.status = "sending"
    _flags(session, outbox)
    _fukuhon(session, outbox)
    return queued


class _Outbox:
    def __init__(self, session: Session, city: City, now: datetime) -> None:
        self.session = session
        self.city = city
        self.now = now
        self.known: set[str] = set()

    def add(self, kind: str, **body: Any) -> None:
        made = layout.message(kind, self.city, self.now, **body)
        self.session.add(
            RenkeiOutbox(message_id=made.message_id, type=kind, body=body, created_at=self.now)
        )
        self.session.flush()

    def person(self, resident: Resident) -> bool:
        """Make the person known (符号取得) with the flag first; False without a 個人番号."""
        if resident.id in self.known:
            return True
        if not resident.my_number:
            return False
        row = self.session.get(RenkeiPerson, resident.id)
        if row is None:
            self.add("atena_register", atena_no=resident.id, my_number=resident.my_number)
            refused = bool(resident.support_measure)
            self.add("auto_answer_flag", atena_no=resident.id, refused=refused)
            if refused:
                note(
                    self.session,
                    "auto_answer_refused",
                    self.now,
                    resident_id=resident.id,
                    detail="自動応答不可を設定（支援措置）",
                )
            self.session.add(
                RenkeiPerson(
                    resident_id=resident.id,
                    registered_at=self.now,
                    auto_answer_refused=refused,
                )
            )
            self.session.flush()
        self.known.add(resident.id)
        return True


def _flags(session: Session, outbox: _Outbox) -> None:
    """The 自動応答不可 flag follows the support measure of everyone made known."""
    query = (
        select(RenkeiPerson, Resident.support_measure)
        .join(Resident, Resident.id == RenkeiPerson.resident_id)
        .where(RenkeiPerson.auto_answer_refused != Resident.support_measure)
    )
    for person, measure in session.execute(query).all():
        outbox.add("auto_answer_flag", atena_no=person.resident_id, refused=bool(measure))
        note(
            session,
            "auto_answer_refused" if measure else "auto_answer_allowed",
            outbox.now,
            resident_id=person.resident_id,
            detail="自動応答不可を設定（支援措置）"
            if measure
            else "自動応答不可を解除（支援措置の終了）",
        )
        person.auto_answer_refused = bool(measure)


def _fukuhon(session: Session, outbox: _Outbox) -> None:
    """Follow the change log from the cursor: this city's results made, changed or gone. At
    most MAX_CHANGES change rows an exchange (the first on a large register, which registers
    every result, takes several), so a transaction stays a bounded size."""
    state = session.get(ServerState, CURSOR)
    if state is None:
        state = ServerState(name=CURSOR, value=0)
        session.add(state)
    lost = max(horizon(session, "records"), horizon(session, "purges"))
    if state.value < lost:
        _fukuhon_full(session, outbox)
        state.value = lost
    read = 0
    while read < MAX_CHANGES:
        rows = session.execute(
            select(ChangeLog.seq, ChangeLog.record_id, ChangeLog.kind, ChangeLog.op)
            .where(
                ChangeLog.seq > state.value,
                ChangeLog.stream.in_(("records", "purges")),
                ChangeLog.kind.in_(("screening_result", "followup")),
            )
            .order_by(ChangeLog.seq)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for _seq, record_id, kind, op in rows:
            if kind == "followup":
                if op == "upsert":
                    parent = session.scalar(select(Record.parent_id).where(Record.id == record_id))
                    if parent is not None and session.get(RenkeiFukuhon, parent) is not None:
                        _register(session, outbox, parent, force=True)
            elif op == "upsert":
                _register(session, outbox, record_id)
            else:
                _unregister(session, outbox, record_id)
        state.value = rows[-1][0]
        read += len(rows)


def _fukuhon_full(session: Session, outbox: _Outbox) -> None:
    """The change log was compacted past the cursor: compare every result with the 副本."""
    log.warning("renkei: change log compacted past the cursor; full 副本 reconciliation")
    after = ""
    while True:
        ids = list(
            session.scalars(
                select(Record.id)
                .where(Record.kind == "screening_result", Record.id > after)
                .order_by(Record.id)
                .limit(BATCH)
            )
        )
        if not ids:
            break
        for record_id in ids:
            _register(session, outbox, record_id)
        after = ids[-1]
    gone = session.scalars(
        select(RenkeiFukuhon.record_id).where(
            ~select(Record.id).where(Record.id == RenkeiFukuhon.record_id).exists()
        )
    ).all()
    for record_id in gone:
        _unregister(session, outbox, record_id)


def _register(session: Session, outbox: _Outbox, record_id: str, *, force: bool = False) -> None:
    row = session.get(Record, record_id)
    if row is None or row.kind != "screening_result":
        return
    item = _item_of(session, row)
    if item is None:
        return
    done = session.get(RenkeiFukuhon, record_id)
    if done is not None and done.version >= row.version and not force:
        return
    resident = session.get(Resident, row.resident_id) if row.resident_id else None
    if resident is None or not outbox.person(resident):
        return
    outbox.add(
        "fukuhon",
        op="register" if done is None else "correct",
        fukuhon_id=record_id,
        atena_no=resident.id,
        screening=item.as_layout(),
    )
    if done is None:
        session.add(
            RenkeiFukuhon(
                record_id=record_id,
                resident_id=resident.id,
                version=row.version,
                registered_at=outbox.now,
            )
        )
    else:
        done.version = row.version
        done.registered_at = outbox.now
    session.flush()


def _unregister(session: Session, outbox: _Outbox, record_id: str) -> None:
    done = session.get(RenkeiFukuhon, record_id)
    if done is None:
        return
    outbox.add("fukuhon", op="delete", fukuhon_id=record_id, atena_no=done.resident_id)
    session.delete(done)
    session.flush()


def _item_of(session: Session, row: Record) -> Item | None:
    """The 副本 of a result of this city, or None for one that is not registered (a former
    city's result, a program outside 健康増進事業, an unreadable result)."""
    data = row.data
    if data.get("source") == FORMER_CITY:
        return None
    program = data.get("program_code")
    judgement = data.get("judgement")
    if program not in layout.CODE_OF_PROGRAM or judgement not in layout.CODE_OF_RESULT:
        return None
    try:
        screened_on = date.fromisoformat(str(data.get("screened_on")))
    except ValueError:
        return None
    needs = judgement == "要精検"
    followup = None
    if needs:
        for child in session.scalars(
            select(Record.data).where(Record.parent_id == row.id, Record.kind == "followup")
        ):
            if child.get("state") == "confirmed":
                followup = _followup_text(child.get("status"), child.get("outcome"))
    return Item(screened_on, str(program), str(judgement), needs, followup)


# A confirmed follow-up's outcome (its codes in app/services/followup_service.OUTCOMES) as the
# layout's 精検結果; one not attended, or not known, is 未受診・未把握.
_OUTCOME_TEXT = {
    "normal": "異常認めず",
    "cancer": "がん",
    "suspected": "がんの疑い又は未確定",
    "other": "がん以外の疾患",
}


def _followup_text(status: object, outcome: object) -> str | None:
    if status == "attended":
        return _OUTCOME_TEXT.get(str(outcome))
    return "未受診・未把握" if status in ("not_attended", "unknown") else None


def _send(session: Session, connection: Connection, now: datetime) -> tuple[int, int]:
    """Hand every queued message to the port, oldest first; returns (sent, 副本 messages)."""
    sent = registered = 0
    while True:
        rows = session.scalars(select(RenkeiOutbox).order_by(RenkeiOutbox.id).limit(BATCH)).all()
        if not rows:
            break
        for row in rows:
            made = Message(row.type, row.message_id, now, connection.city, dict(row.body))
            connection.port.send(f"{row.id:012d}-{row.type}-{row.message_id}", made.encode())
            _noted_sent(session, row, now)
            sent += 1
            registered += row.type == "fukuhon"
            session.delete(row)
        session.flush()
    session.execute(
        update(RenkeiRequest)
        .where(RenkeiRequest.status == "sending")
        .values(status="sent", sent_at=now)
    )
    return sent, registered


def _noted_sent(session: Session, row: RenkeiOutbox, now: datetime) -> None:
    body = row.body
    atena = str(body.get("atena_no"))
    if row.type == "inquiry":
        note(
            session,
            "inquiry",
            now,
            resident_id=atena,
            reference=str(body["inquiry_id"]),
            detail="前住所地への情報照会を送信",
        )
    elif row.type == "fukuhon":
        note(
            session,
            f"fukuhon_{body['op']}",
            now,
            resident_id=atena,
            reference=str(body["fukuhon_id"]),
            detail=_FUKUHON_DETAIL[str(body["op"])],
        )


_FUKUHON_DETAIL = {
    "register": "副本を登録",
    "correct": "副本を訂正",
    "delete": "副本を削除",
}


def _take(
    sessions: sessionmaker[Session], connection: Connection, raw: bytes, now: datetime
) -> str | None:
    """Store one incoming message in its own transaction; the refusal's reason, or None."""
    try:
        with sessions.begin() as session:
            _lock(session)
            found = layout.read(raw)
            if found.type == "inquiry_result":
                _answer(session, found, now)
            elif found.type == "provision_notice":
                _provision(session, found, now)
            else:
                raise RenkeiRefused("中間サーバーから届くはずのない種別の電文です。")
        return None
    except (LayoutError, RenkeiRefused) as exc:
        reason = str(exc)
    except IntegrityError:
        reason = "同じ照会結果を既に受け取っています（重複）。"
    with sessions.begin() as session:
        note(session, "refused", now, detail=f"受信電文を拒否: {reason}")
        audit.record(
            session,
            "renkei_receive",
            "refused",
            target_kind="renkei_message",
            detail=reason,
            now=now,
        )
    log.warning("renkei: an incoming message was refused")
    return reason


def _answer(session: Session, found: Message, now: datetime) -> None:
    body = found.body
    inquiry = session.get(RenkeiRequest, str(body["inquiry_id"]), with_for_update=True)
    if inquiry is None:
        raise RenkeiRefused("照会の記録にない照会番号への回答です。")
    if (
        session.scalar(
            select(RenkeiAnswer.id).where(RenkeiAnswer.answer_no == str(body["answer_id"]))
        )
        is not None
    ):
        raise RenkeiRefused("同じ照会結果を既に受け取っています（重複）。")
    if inquiry.status != "sent":
        raise RenkeiRefused("この照会には既に回答があるか、まだ送信されていません。")
    if session.get(Resident, inquiry.resident_id) is None:
        raise RenkeiRefused("照会した住民が住民記録にありません（消去済み）。")
    provider: City | None = body.get("provider")
    items: list[Item] = body["screenings"]
    status = str(body["status"])
    settings = desk_settings(session)
    keep = timedelta(days=settings.renkei_answer_retention_days)
    inquiry.answered_at = now
    inquiry.purge_after = now + keep
    if status == "provided" and provider is not None:
        inquiry.status = "answered"
        answer = RenkeiAnswer(
            id=new_id(),
            request_id=inquiry.id,
            answer_no=str(body["answer_id"]),
            resident_id=inquiry.resident_id,
            former_city_code=provider.code,
            former_city_name=provider.name,
            received_at=now,
            items=[_item_dict(item) for item in items],
            status="waiting",
            purge_after=now + keep,
        )
        session.add(answer)
        session.flush()
        reference = answer.id
    else:
        inquiry.status = status
        inquiry.message = STATUS_MESSAGES[status]
        reference = inquiry.id
    note(
        session,
        "answer",
        now,
        resident_id=inquiry.resident_id,
        reference=reference,
        counterpart=provider,
        detail=f"照会結果を受信（{_ANSWER_DETAIL[status]}、{len(items)}件）",
    )


_ANSWER_DETAIL = {"provided": "提供あり", "no_record": "該当なし", "withheld": "自動応答不可"}


def _item_dict(item: Item) -> dict[str, Any]:
    return {
        "screened_on": item.screened_on.isoformat(),
        "program_code": item.program_code,
        "judgement": item.judgement,
        "needs_followup": item.needs_followup,
        "followup_result": item.followup_result,
    }


def _provision(session: Session, found: Message, now: datetime) -> None:
    """Another city asked for one of our residents: what the 中間サーバー gave or withheld."""
    body = found.body
    atena = str(body["atena_no"])
    if session.get(RenkeiPerson, atena) is None:
        raise RenkeiRefused(
            "提供通知の宛名番号は、この市が中間サーバーに登録した住民ではありません。"
        )
    requester: City = body["requester"]
    status = str(body["status"])
    note(
        session,
        "provided" if status == "provided" else "withheld",
        now,
        resident_id=atena,
        reference=str(body["notice_id"]),
        counterpart=requester,
        detail=(
            f"他団体の照会に自動応答で提供（{int(body['count'])}件）"
            if status == "provided"
            else "自動応答不可のため提供せず（個別対応）"
        ),
    )


# ---------------------------------------------------------------- purge


def purge_expired(session: Session, now: datetime) -> int:
    """Answers (and answered requests) past their retention go; the record says how many."""
    answers = _deleted(session, delete(RenkeiAnswer).where(RenkeiAnswer.purge_after <= now))
    requests = _deleted(
        session,
        delete(RenkeiRequest).where(
            RenkeiRequest.purge_after.is_not(None), RenkeiRequest.purge_after <= now
        ),
    )
    if answers or requests:
        note(
            session,
            "purged",
            now,
            detail=f"保存期間経過: 照会結果 {answers}件、照会 {requests}件を削除",
        )
        audit.record(
            session,
            "renkei_purge",
            target_kind="renkei_answer",
            detail=f"answers={answers} requests={requests}",
            now=now,
        )
    return answers


def _deleted(session: Session, statement: Any) -> int:
    result = session.execute(statement)
    return int(result.rowcount) if isinstance(result, CursorResult) else 0


def forget_resident(session: Session, resident_id: str) -> None:
    """A resident purged from the register: their answers and requests go, and each of their
    副本 is deleted at the 中間サーバー with the next exchange (through the purge's change rows)."""
    session.execute(delete(RenkeiAnswer).where(RenkeiAnswer.resident_id == resident_id))
    session.execute(delete(RenkeiRequest).where(RenkeiRequest.resident_id == resident_id))


def _clean(value: str, limit: int) -> str:
    """Free text as stored: control characters dropped, cut to `limit`."""
    return "".join(ch for ch in value if ch.isprintable())[:limit].strip()
