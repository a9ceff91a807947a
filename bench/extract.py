"""Target extraction: seconds to list every eligible resident of one program, and of all ten.

    .venv/bin/python bench/extract.py [--residents 1600000] [--runs 5] [--program colorectal]

Through TargetService.extract (permission check, read-only transaction, audit), on the
synthetic register; median of the runs. The default program is the largest (40+, yearly).
Target: all ten programs ≤ 4 s, peak memory ≤ 400 MB.

Floor: the rows the extraction reads, scanned raw (a bare sqlcipher3 connection over the
covering index, fetchmany, nothing done with the rows).

Peak memory is the VmHWM of a fresh child process that opens the store, logs in and extracts
all ten programs (touching every program's ids, as a caller would), beside the VmHWM of the
same child doing nothing but opening the store and logging in (the baseline).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import bootstrap
from app.domain.calendar import fiscal_year_of
from app.domain.programs import from_settings
from app.domain.targets import candidate_birth_ranges
from app.services.dto import StaffSession
from app.store.engine import create_store_engine
from bench import harness
from bench.register import register_dir

PEOPLE_SQL = (
    "SELECT id, birth_date, sex, moved_in, moved_out, died, non_taxable FROM residents"
    " INDEXED BY ix_residents_extraction WHERE birth_date BETWEEN ? AND ?"
)
TARGET_S = 4.0
TARGET_MB = 400


def peak_mb() -> float:
    """This process's VmHWM (peak resident set) in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def open_desk(data_dir: Path) -> tuple[bootstrap.Desk, StaffSession]:
    """The desk on the already checked register (the parent ran the page check once)."""
    key = bootstrap.demo_key_store().load(data_dir)
    assert key is not None
    desk = bootstrap.build_desk(create_store_engine(data_dir / bootstrap.STORE_FILE, key))
    session = desk.auth.login("supervisor", dict(bootstrap.demo_accounts())["supervisor"])
    return desk, session


def child(data_dir: Path, mode: str) -> None:
    """One fresh process: open (and extract all programs unless `mode` is "baseline")."""
    desk, session = open_desk(data_dir)
    lines = 0
    if mode == "extract":
        year = fiscal_year_of(date.today())
        result = desk.targets.extract(session, program_code=None, fiscal_year=year)
        for program in result.programs:  # a caller reads each program's ids in turn
            lines += sum(1 for _ in program.resident_ids)
    desk.close()
    print(json.dumps({"peak_mb": peak_mb(), "lines": lines}))


def in_child(data_dir: Path, mode: str) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", mode, "--data-dir", str(data_dir)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"bench child ({mode}) failed:\n{done.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def birth_span(desk: bootstrap.Desk, year: int) -> tuple[str, str]:
    """The birth range the all-programs extraction reads (as TargetService narrows it)."""
    with desk.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT settings FROM programs").all()
    ranges = [
        r for (s,) in rows for r in candidate_birth_ranges(from_settings(json.loads(s)), year)
    ]
    return min(a for a, _ in ranges).isoformat(), max(b for _, b in ranges).isoformat()


def raw_scan(data_dir: Path, span: tuple[str, str]) -> tuple[float, float, int]:
    """Seconds (wall, CPU) to read the extraction's rows with a bare keyed sqlcipher3
    connection, and how many rows."""
    import sqlcipher3

    key = bootstrap.demo_key_store().load(data_dir)
    assert key is not None
    connection = sqlcipher3.connect(str(data_dir / bootstrap.STORE_FILE))
    try:
        connection.execute(key.pragma())
        started, cpu = time.perf_counter(), time.process_time()
        cursor = connection.execute(PEOPLE_SQL, span)
        rows = 0
        while batch := cursor.fetchmany(20_000):
            rows += len(batch)
        return time.perf_counter() - started, time.process_time() - cpu, rows
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=1_600_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--program", default="colorectal")
    parser.add_argument("--child", choices=("baseline", "extract"), help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.data_dir, args.child)
        return
    harness.start("extract", seconds=120 + 60 * args.runs)
    data_dir = register_dir(args.residents)
    bootstrap.open_engine(data_dir, bootstrap.demo_key_store()).dispose()  # checked, migrated
    desk, session = open_desk(data_dir)
    year = fiscal_year_of(date.today())
    span = birth_span(desk, year)
    floors, floors_cpu, one, every, every_cpu = [], [], [], [], []
    result = None
    for _ in range(args.runs):
        seconds, cpu_seconds, rows = raw_scan(data_dir, span)
        floors.append(seconds)
        floors_cpu.append(cpu_seconds)
        started = time.perf_counter()
        desk.targets.extract(session, program_code=args.program, fiscal_year=year)
        one.append(time.perf_counter() - started)
        started, cpu = time.perf_counter(), time.process_time()
        result = desk.targets.extract(session, program_code=None, fiscal_year=year)
        every.append(time.perf_counter() - started)
        every_cpu.append(time.process_time() - cpu)
    desk.close()
    assert result is not None
    for program in result.programs:
        print(f"{program.program_code:>16}: {program.count:>9,} targets")
    lines = sum(program.count for program in result.programs)
    baseline = in_child(data_dir, "baseline")
    extracting = in_child(data_dir, "extract")
    assert extracting["lines"] == lines, (extracting["lines"], lines)
    floor_s, one_s, all_s = (statistics.median(x) for x in (floors, one, every))
    floor_cpu_s, all_cpu_s = statistics.median(floors_cpu), statistics.median(every_cpu)
    print(f"raw scan ({rows:,} rows): {[round(t, 2) for t in floors]} s")
    print(f"{args.program}: {[round(t, 2) for t in one]} s")
    print(f"all ten ({lines:,} target lines): {[round(t, 2) for t in every]} s")
    print(
        f"CPU (less shaken by other load): raw scan {[round(t, 2) for t in floors_cpu]} s,"
        f" all ten {[round(t, 2) for t in every_cpu]} s"
    )
    print(
        f"peak RSS, fresh child: all ten {extracting['peak_mb']:.0f} MB,"
        f" just opening the store {baseline['peak_mb']:.0f} MB"
    )
    harness.floor(
        "raw covering-index scan, bare sqlcipher3",
        seconds=floor_s,
        cpu_seconds=floor_cpu_s,
        rows=rows,
    )
    print(
        f"all ten: {all_s:.2f} s = {all_s / floor_s:.1f}× the floor (target ≤ {TARGET_S} s);"
        f" peak {extracting['peak_mb']:.0f} MB (target ≤ {TARGET_MB} MB)"
    )
    harness.finish(
        "extract",
        one_s=round(one_s, 2),
        all_s=round(all_s, 2),
        all_cpu_s=round(all_cpu_s, 2),
        floor_s=round(floor_s, 2),
        floor_cpu_s=round(floor_cpu_s, 2),
        peak_mb=round(extracting["peak_mb"]),
        baseline_mb=round(baseline["peak_mb"]),
        lines=lines,
        residents=args.residents,
    )


if __name__ == "__main__":
    main()
