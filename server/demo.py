"""The demo server: SQLite in a folder, its own CA, secrets, demo staff and a synthetic register
with five years of past screenings (受診歴), which the desk pulls as `screening_result` records."""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.sync import wire
from server.app import create_app
from server.bulk import load_history, load_residents
from server.config import ServerSettings
from server.models import Resident, ServerState
from server.reference import seed_demo_staff
from server.renkei.layout import City, Item
from server.renkei.port import SpoolPort
from server.renkei.simulator import Simulator
from server.routes_admin import issue_enrollment_code
from server.tls import TlsFiles, write_demo_tls, write_private

DEMO_CODES = 4
HISTORY_DONE = "demo_history"  # server_state: the register's past screenings were added


@dataclass(frozen=True)
class Demo:
    settings: ServerSettings
    tls: TlsFiles
    codes: list[str]


def prepare_demo(
    data_dir: Path | None,
    *,
    residents: int = 2000,
    seed: int = 20261126,
    hasher: PasswordHasher | None = None,
    history: bool = True,
) -> Demo:
    """Everything the demo needs in `data_dir` (a new temporary folder when None): the database
    with staff and register (added once; with past screenings unless `history` is False), TLS
    files, and fresh one-time enrollment codes. A register a demo loaded without past screenings
    gets them the next time it starts with `history`."""
    folder = data_dir or Path(tempfile.mkdtemp(prefix="kenshin-server-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    settings = ServerSettings(
        data_dir=folder,
        demo=True,
        database_url=None,
        token_pepper=SecretStr(_pepper(folder)),
        renkei_mode="simulator",  # 情報連携 with the simulated 中間サーバー
    )
    app = create_app(settings, hasher=hasher)
    context = app.state.context
    with context.sessions.begin() as session:
        seed_demo_staff(session, context.hasher, context.now())
        present = session.scalar(select(func.count()).select_from(Resident)) or 0
        history_done = session.get(ServerState, HISTORY_DONE) is not None
    if present == 0 and residents > 0:
        load_residents(app.state.engine, residents, seed=seed, history=history)
    elif present and history and not history_done:
        load_history(app.state.engine, seed=seed)
    if history and not history_done:
        with context.sessions.begin() as session:
            session.add(ServerState(name=HISTORY_DONE, value=1))
    with context.sessions() as session:
        _seed_former_cities(session, settings)
    codes = []
    with context.sessions.begin() as session:
        for number in range(1, DEMO_CODES + 1):
            request = wire.EnrollmentCodeCreate(workstation_name=f"demo-{number}")
            code, _ = issue_enrollment_code(
                session, context.pepper, request, context.now(), settings.enrollment_code_hours
            )
            codes.append(code)
    app.state.engine.dispose()
    return Demo(settings, _tls(folder / "tls"), codes)


FORMER_CITIES = (City("131016", "東京都千代田区"), City("141003", "横浜市"))
FORMER_RESULTS = (
    Item(date(2025, 6, 10), "stomach_endo", "異常認めず", False),
    Item(date(2025, 9, 1), "breast", "要精検", True, "異常認めず"),
    Item(date(2024, 11, 5), "lung", "異常認めず", False),
)
DEMO_MOVED_IN = 8  # the latest moved-in residents of 50 or more, whose former city holds results


def _seed_former_cities(session: Session, settings: ServerSettings) -> None:
    """Once: the simulated former cities hold results of a few residents who moved in."""
    simulator = Simulator(SpoolPort(settings.renkei_spool()))
    if simulator.path.is_file():
        return
    query = (
        select(Resident.my_number, Resident.sex)
        .where(
            Resident.moved_in.is_not(None),
            Resident.my_number.is_not(None),
            Resident.birth_date <= date.today() - timedelta(days=50 * 366),  # of screening age
        )
        .order_by(Resident.moved_in.desc(), Resident.register_no)
        .limit(DEMO_MOVED_IN)
    )
    for n, (my_number, sex) in enumerate(session.execute(query).all()):
        city = FORMER_CITIES[n % len(FORMER_CITIES)]
        for item in FORMER_RESULTS:
            if item.program_code != "breast" or sex == "F":
                simulator.add_other_city_result(str(my_number), city, item)
    if not simulator.path.is_file():  # no moved-in resident: mark the seeding done anyway
        simulator.flag_at_other_city("000000000000")


def _tls(folder: Path) -> TlsFiles:
    """The demo's CA and certificate, kept across restarts so enrolled desks keep their pin."""
    ca, cert, key = folder / "ca.pem", folder / "server-cert.pem", folder / "server-key.pem"
    if ca.is_file() and cert.is_file() and key.is_file():
        return TlsFiles(ca.read_text(encoding="ascii"), cert, key)
    return write_demo_tls(folder)


def _pepper(folder: Path) -> str:
    """The demo's token pepper, kept in its folder so enrolled desks survive a restart."""
    path = folder / "demo-pepper"
    if path.is_file():
        return path.read_text(encoding="ascii").strip()
    value = secrets.token_urlsafe(32)
    write_private(path, value.encode("ascii"))
    return value
