"""Lookup latency through the service layer on a large register, beside its raw-SQL floor.

    .venv/bin/python bench/lookup.py [--runs 5] [--residents 1600000] [--queries 300]

Kana prefixes (2–4 characters, from the register's own names), birth dates in 和暦 and
register numbers, each through LookupService.search with its permission check. Every run times
the same queries twice: through the service, and as the floor — the same searches as hand-written
SQL on a bare sqlcipher3 connection keyed like the store (the best plan there is: the covering
kana index, the birth-date index, the register number's unique index), rows fetched and nothing
built from them. Prints p50/p95 per run and per kind, the median of the runs' p95 (the figure
the target is compared with), the service/floor ratio and the process's peak RSS.

The store is opened the way the desk opens it, so a register built before the newest client
migration is migrated first (the time it took is printed).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import harness

TARGET_P95_MS = 5.0
KINDS = ("kana", "birth_date", "register_no")
SELECT_LIST = (
    "SELECT id, register_no, name, kana, sex, birth_date, address, ward, support_measure"
    " FROM residents"
)
FLOOR_SQL = {
    "kana": SELECT_LIST + " INDEXED BY ix_residents_lookup WHERE kana_key >= ? AND kana_key < ?"
    " ORDER BY kana_key, birth_date, id LIMIT 201",
    "birth_date": SELECT_LIST + " INDEXED BY ix_residents_birth_date WHERE birth_date = ?"
    " ORDER BY kana_key, id LIMIT 201",
    "register_no": SELECT_LIST + " WHERE register_no = ? LIMIT 201",
}


def samples(desk: Any, count: int, rng: random.Random) -> list[str]:
    """What clerks type: a kana prefix, a 和暦 birth date or a register number of real residents."""
    from sqlalchemy import text

    from app.domain import wareki

    with desk.engine.connect() as connection:
        total = connection.execute(text("SELECT max(rowid) FROM residents")).scalar() or 1
        picks = [rng.randrange(1, total + 1) for _ in range(count)]
        rows = [
            connection.execute(
                text("SELECT kana_key, birth_date, register_no FROM residents WHERE rowid = :r"),
                {"r": rowid},
            ).one()
            for rowid in picks
        ]
    queries = []
    for index, (kana_key, birth, register_no) in enumerate(rows):
        kind = index % 3
        if kind == 0:
            queries.append(kana_key[: rng.randint(2, 4)])
        elif kind == 1:
            queries.append(wareki.format_date(date.fromisoformat(str(birth))))
        else:
            queries.append(register_no)
    return queries


def floor_params(typed: str) -> tuple[str, tuple[str, ...]]:
    """The floor's SQL and parameters for what was typed (normalised as the service does)."""
    from app.domain.search_query import QueryKind, classify
    from app.store.resident_repository import KANA_RANGE_END

    query = classify(typed)
    assert query is not None
    if query.kind is QueryKind.KANA:
        return FLOOR_SQL["kana"], (query.text, query.text + KANA_RANGE_END)
    if query.kind is QueryKind.BIRTH_DATE:
        assert query.birth_date is not None
        return FLOOR_SQL["birth_date"], (query.birth_date.isoformat(),)
    return FLOOR_SQL["register_no"], (query.text,)


def bare_connection(path: Path, pragma: str) -> Any:
    import sqlcipher3

    connection = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
    connection.execute(pragma)
    return connection


def one_run(
    count: int, service: Callable[[int], object], floor: Callable[[int], object]
) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds per query through the service (wall clock and this thread's CPU) and for
    the floor. Each query's floor runs right after its service search, so that both meet the
    same load from the other processes on the machine."""
    wall, cpu, bare = [], [], []
    for index in range(count):
        started, started_cpu = time.perf_counter(), time.thread_time()
        service(index)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        started = time.perf_counter()
        floor(index)
        bare.append((time.perf_counter() - started) * 1000)
    return wall, cpu, bare


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]  # nearest rank


def describe(name: str, times: list[float]) -> str:
    by_kind = " ".join(
        f"{kind} p50 {statistics.median(times[i::3]):.2f} p95 {p95(times[i::3]):.2f}"
        f" max {max(times[i::3]):.1f}"
        for i, kind in enumerate(KINDS)
    )
    return f"{name}: p50 {statistics.median(times):.2f} ms p95 {p95(times):.2f} ms ({by_kind})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--residents", type=int, default=1_600_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    harness.start("lookup", seconds=900)

    from app import bootstrap
    from app.store import migrate
    from app.store.engine import create_store_engine
    from bench.register import register_dir

    data_dir = register_dir(args.residents)
    keys = bootstrap.demo_key_store()
    key = keys.load(data_dir)
    if key is None:
        raise SystemExit(f"bench: no key for {data_dir} in the keyring (鍵が見つかりません)")
    engine = create_store_engine(data_dir / bootstrap.STORE_FILE, key)
    before = migrate.current_revision(engine)
    engine.dispose()
    started = time.perf_counter()
    engine = bootstrap.open_engine(data_dir, keys)  # checks, and migrates like a desk at start
    opened_s = time.perf_counter() - started
    after = migrate.current_revision(engine)
    moved = f", migrated {before} → {after}" if before != after else ""
    print(f"store opened in {opened_s:.1f} s{moved}", flush=True)
    desk = bootstrap.build_desk(engine)
    harness.on_exit(desk.close)
    session = desk.auth.login(*bootstrap.demo_accounts()[0])
    queries = samples(desk, args.queries, random.Random(7))
    bare = bare_connection(data_dir / bootstrap.STORE_FILE, key.pragma())
    floors = [floor_params(query) for query in queries]

    def service(index: int) -> object:
        return desk.lookup.search(session, text=queries[index])

    def floor(index: int) -> object:
        sql, params = floors[index]
        return bare.execute(sql, params).fetchall()

    for index in range(20):  # warm the page caches like a working day
        service(index)
        floor(index)
    runs, cpu_runs, floor_runs = [], [], []
    for run in range(1, args.runs + 1):
        times, cpu_times, floor_times = one_run(len(queries), service, floor)
        runs.append(times)
        cpu_runs.append(cpu_times)
        floor_runs.append(floor_times)
        print(f"run {run} " + describe("service", times), flush=True)
        print(f"run {run} " + describe("service CPU", cpu_times), flush=True)
        print(f"run {run} " + describe("floor", floor_times), flush=True)
    service_p95 = statistics.median(p95(t) for t in runs)
    cpu_p95 = statistics.median(p95(t) for t in cpu_runs)
    floor_p95 = statistics.median(p95(t) for t in floor_runs)
    service_p50 = statistics.median(statistics.median(t) for t in runs)
    floor_p50 = statistics.median(statistics.median(t) for t in floor_runs)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bare.close()
    desk.close()
    harness.floor(
        "the same searches as raw SQL on a bare keyed sqlcipher3 connection",
        p50_ms=floor_p50,
        p95_ms=floor_p95,
    )
    print(
        f"single runs' p95 (ms): service {' '.join(f'{p95(t):.2f}' for t in runs)}; "
        f"floor {' '.join(f'{p95(t):.2f}' for t in floor_runs)}"
    )
    print(
        f"median of {args.runs} runs: p95 {service_p95:.2f} ms (target ≤ {TARGET_P95_MS} ms), "
        f"{service_p95 / floor_p95:.1f}× the floor's {floor_p95:.2f} ms; "
        f"the service's own CPU time p95 {cpu_p95:.2f} ms (what the load of others cannot add)"
    )
    harness.finish(
        "lookup",
        p50_ms=service_p50,
        p95_ms=service_p95,
        floor_p95_ms=floor_p95,
        cpu_p95_ms=cpu_p95,
        ratio=service_p95 / floor_p95,
        rss_mb=rss_mb,
        residents=args.residents,
        runs=args.runs,
        opened_s=opened_s,
    )


if __name__ == "__main__":
    main()
