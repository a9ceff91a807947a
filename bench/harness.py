"""What every bench shares: a deadline it cannot outlive, the machine it ran on, its last line.

Every bench calls `start(name, seconds=…)` first. Past the deadline the watchdog prints what
timed out (with every thread's stack), runs the cleanups registered with `on_exit` (servers
and children a bench started) and exits with status 2: no bench can hang. `machine()` names
the CPU, cores, memory, OS, Python, SQLCipher and the load average at the start, so a figure
is never read without the machine beside it. `floor(...)` prints the raw figure a target is
compared with, and `finish(...)` prints the load at the end and the `bench: NAME k=v …` line
last, as before.
"""

from __future__ import annotations

import faulthandler
import os
import platform
import sys
import threading
import time
from collections.abc import Callable

_cleanups: list[Callable[[], None]] = []
_state: dict[str, object] = {}


def start(name: str, *, seconds: float) -> None:
    """Arm the watchdog for `seconds` and print the machine line."""
    _state.update(name=name, started=time.monotonic(), seconds=seconds)
    timer = threading.Timer(seconds, _time_out)
    timer.daemon = True
    timer.start()
    _state["timer"] = timer
    print(f"machine: {machine()}", flush=True)


def on_exit(cleanup: Callable[[], None]) -> None:
    """Run `cleanup` if the watchdog fires (stop a server process, remove a scratch folder)."""
    _cleanups.append(cleanup)


def _time_out() -> None:
    name, seconds = _state.get("name"), _state.get("seconds")
    print(
        f"\nbench {name}: did not finish within {seconds} s — stopped by its watchdog "
        f"(ベンチマークが制限時間内に終わりませんでした)。Every thread's stack follows:",
        file=sys.stderr,
        flush=True,
    )
    faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
    for cleanup in reversed(_cleanups):
        try:
            cleanup()
        except Exception as error:  # a failing cleanup must not keep us alive
            print(f"cleanup failed: {error!r}", file=sys.stderr)
    sys.stderr.flush()
    os._exit(2)


def wait_until(
    condition: Callable[[], bool], *, seconds: float, what: str, pump: Callable[[], None]
) -> None:
    """Call `pump` until `condition` holds; past `seconds`, stop the bench with `what`."""
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"bench: gave up after {seconds} s waiting for {what}")
        pump()


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return "?"
    return f"{pages * size / 2**30:.0f} GiB"


def _os_name() -> str:
    try:
        with open("/etc/os-release", encoding="utf-8") as release:
            for line in release:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.platform()


def _sqlcipher() -> str:
    try:
        import sqlcipher3

        connection = sqlcipher3.connect(":memory:")
        version = connection.execute("PRAGMA cipher_version").fetchone()[0]
        connection.close()
        return f"SQLCipher {version}"
    except Exception:  # the machine line must never fail a bench
        return "SQLCipher ?"


def load() -> str:
    """The 1, 5 and 15-minute load averages, against the number of cores."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load ?"
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def machine() -> str:
    return (
        f"{_cpu()}, {os.cpu_count()} cores, {_memory_gib()}, {_os_name()}, "
        f"Python {platform.python_version()}, {_sqlcipher()}; {load()}"
    )


def floor(what: str, **figures: object) -> None:
    """The raw figure a target is compared with (a bare query, ReportLab alone, a raw COPY)."""
    print(f"floor: {what} " + " ".join(f"{k}={_fmt(v)}" for k, v in figures.items()), flush=True)


def finish(name: str, **figures: object) -> None:
    """The load at the end, then `bench: NAME k=v …` as the last line."""
    timer = _state.get("timer")
    if isinstance(timer, threading.Timer):
        timer.cancel()
    elapsed = time.monotonic() - float(_state.get("started", time.monotonic()))  # type: ignore[arg-type]
    print(f"ended: {load()}, {elapsed:.0f} s in all", flush=True)
    print(f"bench: {name} " + " ".join(f"{k}={_fmt(v)}" for k, v in figures.items()), flush=True)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)
