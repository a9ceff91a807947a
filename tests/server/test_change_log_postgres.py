"""On PostgreSQL, change-log sequence numbers become visible in commit order (two connections)."""

from __future__ import annotations

import random
import threading
import time

from sqlalchemy import select

from server.changes import Change, log_changes
from server.db import make_engine, session_factory
from server.models import ChangeLog
from tests.server.conftest import _empty_postgres


def test_a_reader_never_sees_seq_n_plus_1_while_n_is_in_flight(pg_url: str) -> None:
    _empty_postgres(pg_url)
    engine = make_engine(pg_url)
    sessions = session_factory(engine)
    first = sessions()
    log_changes(first, [Change("staff", "first")])  # seq N, not committed: holds the lock
    second_done = threading.Event()

    def second() -> None:
        with sessions.begin() as session:
            log_changes(session, [Change("staff", "second")])
        second_done.set()

    thread = threading.Thread(target=second)
    thread.start()
    try:
        assert not second_done.wait(0.5)  # N+1 waits for N's transaction
        with engine.connect() as reader:
            assert reader.execute(select(ChangeLog.seq)).all() == []
        first.commit()
        assert second_done.wait(10)
        with engine.connect() as reader:
            rows = reader.execute(select(ChangeLog.record_id).order_by(ChangeLog.seq)).all()
        assert [row[0] for row in rows] == ["first", "second"]
    finally:
        first.close()
        thread.join(10)
        engine.dispose()


def test_a_polling_reader_never_sees_a_seq_appear_behind_its_cursor(pg_url: str) -> None:
    _empty_postgres(pg_url)
    engine = make_engine(pg_url)
    sessions = session_factory(engine)
    stop = threading.Event()
    late: list[int] = []

    def writer(name: str) -> None:
        rng = random.Random(name)
        for number in range(15):
            with sessions.begin() as session:
                log_changes(session, [Change("residents", f"{name}-{number}")])
                time.sleep(rng.random() / 200)  # commit a little after the change rows

    def reader() -> None:
        cursor = 0
        with engine.connect() as connection:
            while True:
                last_round = stop.is_set()  # one more read after the writers are done
                seqs = [
                    row[0]
                    for row in connection.execute(
                        select(ChangeLog.seq).where(ChangeLog.seq > 0).order_by(ChangeLog.seq)
                    )
                ]
                connection.commit()
                late.extend(seq for seq in seqs if seq <= cursor and seq not in seen)
                seen.update(seqs)
                cursor = max(seqs, default=cursor)
                if last_round:
                    return

    seen: set[int] = set()
    threads = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(6)]
    watcher = threading.Thread(target=reader)
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    stop.set()
    watcher.join(10)
    engine.dispose()
    assert late == []
    assert len(seen) == 90


def test_the_change_rows_of_one_write_take_their_seqs_in_the_order_given(pg_url: str) -> None:
    _empty_postgres(pg_url)
    engine = make_engine(pg_url)
    sessions = session_factory(engine)
    names = [f"r{n:03d}" for n in random.Random(7).sample(range(300), 300)]
    try:
        with sessions.begin() as session:
            changes = [Change("records", name, "upsert", "form_batch", None) for name in names]
            assert log_changes(session, changes) == 300
        with engine.connect() as reader:
            rows = reader.execute(select(ChangeLog.record_id).order_by(ChangeLog.seq)).all()
    finally:
        engine.dispose()
    assert [row[0] for row in rows] == names
