"""A synthetic register for demos and benchmarks: fast bulk inserts into an encrypted store."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import Engine

from app.domain.calendar import fiscal_year_of
from app.domain.ids import new_id
from app.domain.kana import normalise_kana, search_key
from app.domain.my_number import check_digit
from app.domain.policy import Role
from app.store.orm import Grant, Setting, Staff
from app.store.unit_of_work import session_factory

CITY = "静岡県さくら市"
WARDS = ("中央区", "北区", "東区", "西区", "南区", "港区", "緑区")
TOWNS = ("本町", "栄町", "桜木町", "旭町", "若葉", "松原", "宮前", "新田", "緑が丘", "大手町")
BUILDINGS = ("ハイツさくら", "メゾン緑", "コーポ旭", "グランドヒルズ", "パレス本町")
# Five-year age bands 0-4 … 100+, weights after the 2020 census shape (thousands).
AGE_BAND_WEIGHTS = (
    45,
    50,
    53,
    57,
    63,
    63,
    67,
    75,
    84,
    97,
    88,
    79,
    74,
    83,
    92,
    71,
    54,
    38,
    19,
    6,
    1,
)
SCREENED_PROGRAMS = ("stomach_xray", "lung", "colorectal", "breast", "cervical", "prostate_psa")

DEMO_STAFF = (
    ("clerk1", "事務 一郎", (Role.CLERK,), "hinode-sakura-01"),
    ("clerk2", "事務 花子", (Role.CLERK,), "hinode-sakura-02"),
    ("supervisor", "責任 正子", (Role.SUPERVISOR,), "hinode-momiji-03"),
    ("admin", "管理 太郎", (Role.ADMIN,), "hinode-tsubaki-04"),
)

DEMO_FROM = datetime(2020, 4, 1, tzinfo=UTC)  # demo grants are valid from a fixed past day

RESIDENT_SQL = (
    "INSERT INTO residents (id, version, updated_at, register_no, my_number, name, kana, kana_key,"
    " sex, birth_date, address, postal_code, ward, moved_in, moved_out, died, support_measure,"
    " non_taxable) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
PERIOD_SQL = (
    'INSERT INTO {table} (id, version, updated_at, resident_id, start, "end")'
    " VALUES (?, 1, ?, ?, ?, ?)"
)
RESULT_SQL = (
    "INSERT INTO screening_results (id, version, updated_at, resident_id, program_code,"
    " screened_on, fiscal_year, judgement, first_time, source)"
    " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class NamePools:
    last: list[tuple[str, str]]
    male: list[tuple[str, str]]
    female: list[tuple[str, str]]


def name_pools(seed: int) -> NamePools:
    """Kanji/kana pairs drawn once from Faker ja_JP; residents combine them at random."""
    from faker import Faker

    fake = Faker("ja_JP")
    fake.seed_instance(seed)
    last = sorted({fake.last_name_pair()[:2] for _ in range(3000)})
    male = sorted({fake.first_name_male_pair()[:2] for _ in range(3000)})
    female = sorted({fake.first_name_female_pair()[:2] for _ in range(3000)})
    return NamePools(last, male, female)


def _birth_date(rng: random.Random, today: date) -> date:
    band = rng.choices(range(len(AGE_BAND_WEIGHTS)), AGE_BAND_WEIGHTS)[0]
    age_days = int((band * 5 + rng.random() * 5) * 365.2425)
    return today - timedelta(days=age_days)


def _my_number(index: int) -> str:
    body = f"{(index * 7919 + 12_345_678_901) % 10**11:011d}"  # a bijection mod 10^11: unique
    return body + str(check_digit(body))


def _address(rng: random.Random, ward_no: int) -> tuple[str, str, str]:
    town_no = rng.randrange(len(TOWNS))
    postal = f"43{ward_no}{town_no}{rng.randrange(1000):03d}"
    street = f"{TOWNS[town_no]}{rng.randint(1, 5)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
    if rng.random() < 0.2:
        street += f" {rng.choice(BUILDINGS)}{rng.randint(1, 9)}0{rng.randint(1, 9)}号室"
    return postal, WARDS[ward_no], f"{CITY}{WARDS[ward_no]}{street}"


def _resident_rows(
    count: int, rng: random.Random, pools: NamePools, today: date, stamp: str
) -> Iterator[tuple[object, ...]]:
    for index in range(count):
        sex = "F" if rng.random() < 0.51 else "M"
        last = rng.choice(pools.last)
        first = rng.choice(pools.female if sex == "F" else pools.male)
        birth = _birth_date(rng, today)
        ward_no = rng.randrange(len(WARDS))
        postal, ward, address = _address(rng, ward_no)
        kana = normalise_kana(f"{last[1]} {first[1]}")
        roll = rng.random()
        moved_in = (
            birth + timedelta(days=rng.randrange(max(1, (today - birth).days)))
            if roll < 0.1
            else None
        )
        moved_out = today - timedelta(days=rng.randrange(1, 900)) if 0.1 <= roll < 0.11 else None
        died = None
        if today.year - birth.year > 75 and rng.random() < 0.02:
            died = today - timedelta(days=rng.randrange(1, 1200))
        yield (
            new_id(),
            stamp,
            f"{index + 1:010d}",
            _my_number(index) if rng.random() < 0.95 else None,
            f"{last[0]}　{first[0]}",
            kana,
            search_key(kana),
            sex,
            birth.isoformat(),
            address,
            postal,
            ward,
            _iso(moved_in),
            _iso(moved_out),
            _iso(died),
            rng.random() < 0.0005,
            rng.random() < 0.10,
        )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _history(
    rng: random.Random, resident: tuple[object, ...], today: date, stamp: str
) -> Iterator[tuple[object, ...]]:
    """Five fiscal years of screenings for adults, about one in four attending each year."""
    birth = date.fromisoformat(str(resident[8]))
    sex = resident[7]
    current = fiscal_year_of(today)
    for fiscal_year in range(current - 5, current):
        age = fiscal_year - birth.year
        if age < 20 or rng.random() > 0.25:
            continue
        for program in rng.sample(SCREENED_PROGRAMS, rng.randint(1, 3)):
            if (program in ("breast", "cervical") and sex != "F") or (
                program == "prostate_psa" and sex != "M"
            ):
                continue
            if age < 40 and program != "cervical":
                continue
            day = date(fiscal_year, 6, 1) + timedelta(days=rng.randrange(270))
            judgement = "要精検" if rng.random() < 0.06 else "異常認めず"
            yield (
                new_id(),
                stamp,
                resident[0],
                program,
                day.isoformat(),
                fiscal_year,
                judgement,
                rng.random() < 0.3,
                "history",
            )


def _periods(
    rng: random.Random, resident_id: object, today: date, stamp: str, share: float
) -> list[tuple[object, ...]]:
    if rng.random() >= share:
        return []
    start = today - timedelta(days=rng.randrange(30, 4000))
    end = None if rng.random() < 0.85 else (today - timedelta(days=rng.randrange(1, 29)))
    return [(new_id(), stamp, resident_id, start.isoformat(), _iso(end))]


def seed_residents(
    engine: Engine,
    count: int,
    *,
    seed: int = 20261126,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    chunk: int = 20_000,
) -> dict[str, int]:
    """Insert `count` synthetic residents with welfare, NHI and five years of history."""
    rng = random.Random(seed)
    today = today or date.today()
    pools = name_pools(seed)
    stamp = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    totals = {"residents": 0, "welfare": 0, "nhi": 0, "history": 0}
    rows = _resident_rows(count, rng, pools, today, stamp)
    with engine.begin() as connection:
        while batch := [row for _, row in zip(range(chunk), rows, strict=False)]:
            welfare = [p for r in batch for p in _periods(rng, r[0], today, stamp, 0.02)]
            nhi = [p for r in batch for p in _periods(rng, r[0], today, stamp, 0.20)]
            history = [h for r in batch for h in _history(rng, r, today, stamp)]
            for sql, rows_to_add in (
                (RESIDENT_SQL, batch),
                (PERIOD_SQL.format(table="welfare_periods"), welfare),
                (PERIOD_SQL.format(table="nhi_periods"), nhi),
                (RESULT_SQL, history),
            ):
                if rows_to_add:
                    connection.exec_driver_sql(sql, rows_to_add)
            for name, rows_added in (
                ("residents", batch),
                ("welfare", welfare),
                ("nhi", nhi),
                ("history", history),
            ):
                totals[name] += len(rows_added)
            if progress is not None:
                progress(totals["residents"])
    return totals


def seed_staff(engine: Engine, hasher: PasswordHasher) -> list[tuple[str, str]]:
    """The demo accounts (clerk1, clerk2, supervisor, admin); returns (login, password) pairs."""
    now = datetime.now(UTC)
    with session_factory(engine).begin() as session:
        for login_id, name, roles, password in DEMO_STAFF:
            staff = Staff(
                login_id=login_id,
                display_name=name,
                password_hash=hasher.hash(password),
                must_change_password=False,
                password_changed_at=now,
            )
            session.add(staff)
            session.flush()
            for role in roles:
                session.add(
                    Grant(
                        staff_id=staff.id,
                        role_code=role.value,
                        valid_from=DEMO_FROM,
                        issued_at=now,
                        issued_by=None,
                    )
                )
        session.add(Setting(key="demo", value=True))
    return [(login_id, password) for login_id, _, _, password in DEMO_STAFF]
