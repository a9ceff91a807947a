"""What the fault tests share: a desk that writes records, cut rounds, the offsets to cut at."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.bootstrap import Desk
from app.services.dto import StaffSession
from app.services.sync_dto import SyncReport
from tests.cutting_proxy import DOWN, UP, Burst, Conversation
from tests.e2e.harness import DeskTransport, ServerHandle
from tests.e2e.invariants import rows
from tests.entry_support import PAPER, identity_of


def a_person(desk: Desk, *, skip: int = 0, periods: bool = False) -> dict[str, str]:
    """A resident over 50 whose kana, birth date and sex are theirs alone (so a form keyed for
    them verifies), from the end of the register; with `periods`, one with an NHI or welfare
    period."""
    found = rows(
        desk,
        "SELECT r.id, r.kana, r.birth_date, r.sex, r.address FROM residents r"
        " WHERE r.birth_date < '1975-01-01' AND r.moved_out IS NULL AND r.died IS NULL"
        " AND r.support_measure = 0"
        " AND (:periods = 0 OR EXISTS (SELECT 1 FROM nhi_periods p WHERE p.resident_id = r.id)"
        "   OR EXISTS (SELECT 1 FROM welfare_periods w WHERE w.resident_id = r.id))"
        " AND NOT EXISTS (SELECT 1 FROM residents o WHERE o.id != r.id"
        "   AND o.kana_key = r.kana_key AND o.birth_date = r.birth_date AND o.sex = r.sex)"
        " ORDER BY r.register_no DESC LIMIT 1 OFFSET :skip",
        skip=skip,
        periods=int(periods),
    )
    row = found[0]
    return {"id": row[0], "kana": row[1], "birth_date": row[2], "sex": row[3], "address": row[4]}


def key(
    desk: Desk, session: StaffSession, batch_id: str, person: dict[str, str], **changes: str
) -> tuple[str, str]:
    """Key form 1 of the batch (the clerk's entry, first or second): (entry id, form status)."""
    slot = desk.entry.open_form(session, batch_id=batch_id, form_no=1)
    outcome = desk.entry.submit(
        session, entry_id=slot.entry_id, identity=identity_of(person), values={**PAPER, **changes}
    )
    return slot.entry_id, outcome.form_status


@dataclass
class Writer:
    """A desk with a clerk logged in once (argon2 on the server is production-strength)."""

    desk: Desk
    session: StaffSession
    wire: DeskTransport

    def new_batch(self, forms: int = 2) -> str:
        return self.desk.entry.create_batch(
            self.session,
            program_code="colorectal",
            clinic_code="1312345678",
            month="2026-06",
            received_count=forms,
        )

    def new_records(self, batches: int = 2, forms: int = 2) -> set[str]:
        """New form batches and their paper forms, pending in the outbox: their ids."""
        made: set[str] = set()
        for _ in range(batches):
            batch_id = self.new_batch(forms)
            made.add(batch_id)
            found = rows(self.desk, "SELECT id FROM paper_forms WHERE batch_id = :b", b=batch_id)
            made |= {row[0] for row in found}
        return made

    def push(self) -> SyncReport:
        report = self.desk.sync.sync_now(self.session)
        assert report.online and report.problems == 0, report.message
        return report

    def settle(self) -> None:
        """A clean push, then a pull that brings its own records back: every cursor at the
        head, so the next round's bytes are the same as the last one's."""
        self.push()
        assert self.desk.sync.sync_now(None).online


@dataclass(frozen=True)
class Offset:
    """Where to cut: a label for the failure message and the proxy's cut arguments."""

    label: str
    up: int | None = None
    down: int | None = None  # counted from the end of the server's first flight
    handshake: bool = False  # `down` is absolute (inside the server's first flight)

    def cut(self) -> dict[str, int | bool | None]:
        if self.up is not None:
            return {"up": self.up}
        return {"down": self.down, "after_flight": not self.handshake}


@dataclass
class Shape:
    """A clean exchange as the proxy saw it: its bursts each way (requests and responses,
    after the TLS handshake's first flights)."""

    conversation: Conversation
    ups: list[Burst] = field(init=False)
    downs: list[Burst] = field(init=False)

    def __post_init__(self) -> None:
        bursts = self.conversation.bursts()
        self.ups = [b for b in bursts if b.side == UP]
        self.downs = [b for b in bursts if b.side == DOWN]
        assert self.conversation.flight_end == self.downs[0].end

    def down(self, offset: int) -> int:
        return self.conversation.after_flight(offset)

    def handshake(self) -> list[Offset]:
        """Nothing passes; inside the ClientHello; all of it but its last byte; inside the
        server's certificate flight; a cut just after the client's Finished."""
        hello, flight = self.ups[0], self.downs[0]
        return [
            Offset("nothing passes", up=0),
            Offset("inside the ClientHello", up=hello.size // 2),
            Offset("the ClientHello but its last byte", up=hello.end - 1),
            Offset("inside the server's first flight", down=flight.size // 2, handshake=True),
            Offset("the client's Finished and nothing after", up=hello.end + 20),
        ]

    def every_step(self, *, margin: int = 1, whole_responses: bool = True) -> list[Offset]:
        """The handshake's offsets, then every request and every response of the exchange:
        mid-request and just before its end, the first byte(s), mid-response and all but
        the last byte(s) of each answer (only the last, unless `whole_responses`)."""
        found = self.handshake()
        for number, burst in enumerate(self.ups[1:], start=1):
            found += self.request(burst, f"request {number}", margin=margin)
        for number, burst in enumerate(self.downs[1:], start=1):
            points = self.response(burst, f"response {number}", margin=margin)
            found += points if whole_responses else points[-1:]
        unique: dict[tuple[int | None, int | None, bool], Offset] = {}
        for offset in found:
            unique.setdefault((offset.up, offset.down, offset.handshake), offset)
        return list(unique.values())

    def request(self, burst: Burst, name: str, *, margin: int = 1) -> list[Offset]:
        """Mid-request and just before its end (`margin` bytes short of it)."""
        return [
            Offset(f"mid-request: {name}", up=burst.start + burst.size // 2),
            Offset(f"{name}: all but the last {margin} byte(s)", up=burst.end - margin),
        ]

    def response(self, burst: Burst, name: str, *, margin: int = 1) -> list[Offset]:
        """Its first byte, mid-response and its last byte (`margin` bytes from either end)."""
        return [
            Offset(f"{name}: its first {margin} byte(s)", down=self.down(burst.start + margin)),
            Offset(f"mid-response: {name}", down=self.down(burst.start + burst.size // 2)),
            Offset(
                f"{name}: all but the last {margin} byte(s)", down=self.down(burst.end - margin)
            ),
        ]


def cut_round(
    server: ServerHandle, desk: Desk, session: StaffSession | None, offset: Offset
) -> Conversation:
    """One round with the connection cut at `offset`: it reports offline and never raises."""
    before = len(server.proxy.conversations)
    server.proxy.cut_next(**offset.cut())  # type: ignore[arg-type]
    report = desk.sync.sync_now(session)
    assert server.proxy.pending_cuts() == 0, f"{offset.label}: no new connection was made"
    conversation = server.proxy.conversations[before]
    assert conversation.was_cut, f"{offset.label}: the exchange ended before the cut"
    assert not report.online, f"{offset.label}: the round went through"
    assert report.message, offset.label
    assert len(server.proxy.conversations) == before + 1, f"{offset.label}: a second connection"
    return conversation


def clean_round(server: ServerHandle, desk: Desk, session: StaffSession | None) -> Conversation:
    before = len(server.proxy.conversations)
    report = desk.sync.sync_now(session)
    assert report.online, report.message
    assert len(server.proxy.conversations) == before + 1
    return server.proxy.conversations[before]
