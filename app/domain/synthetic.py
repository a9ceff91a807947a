"""A synthetic resident register (架空の住民記録) for demos and benchmarks, as plain dicts.

Pure generators shared by the workstation's demo store and the server's demo and bulk loader:
the same seed gives the same people, whatever store they land in. Nothing here is real.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.domain.calendar import fiscal_year_of
from app.domain.ids import new_id
from app.domain.kana import normalise_kana, search_key
from app.domain.my_number import check_digit
from app.domain.policy import Role

CITY = "静岡県さくら市"
WARDS = ("中央区", "北区", "東区", "西区", "南区", "港区", "緑区")
TOWNS = ("本町", "栄町", "桜木町", "旭町", "若葉", "松原", "宮前", "新田", "緑が丘", "大手町")
BUILDINGS = ("ハイツさくら", "メゾン緑", "コーポ旭", "グランドヒルズ", "パレス本町")
# Five-year age bands 0-4 … 100+, weights after the 2020 census shape (thousands).
AGE_BAND_WEIGHTS = (
    45, 50, 53, 57, 63, 63, 67, 75, 84, 97, 88, 79, 74, 83, 92, 71, 54, 38, 19, 6, 1,
)  # fmt: skip
SCREENED_PROGRAMS = ("stomach_xray", "lung", "colorectal", "breast", "cervical", "prostate_psa")
WELFARE_SHARE = 0.02
NHI_SHARE = 0.20

# The demo accounts: login, display name, roles, password (demo only, printed on the login screen).
DEMO_STAFF = (
    ("clerk1", "事務 一郎", (Role.CLERK,), "hinode-sakura-01"),
    ("clerk2", "事務 花子", (Role.CLERK,), "hinode-sakura-02"),
    ("supervisor", "責任 正子", (Role.SUPERVISOR,), "hinode-momiji-03"),
    ("admin", "管理 太郎", (Role.ADMIN,), "hinode-tsubaki-04"),
)

# Resident columns in the order of the workstation's bulk insert (without version, updated_at).
RESIDENT_FIELDS = (
    "id", "register_no", "my_number", "name", "kana", "kana_key", "sex", "birth_date",
    "address", "postal_code", "ward", "moved_in", "moved_out", "died", "support_measure",
    "non_taxable",
)  # fmt: skip


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


def birth_date(rng: random.Random, today: date) -> date:
    band = rng.choices(range(len(AGE_BAND_WEIGHTS)), AGE_BAND_WEIGHTS)[0]
    age_days = int((band * 5 + rng.random() * 5) * 365.2425)
    return today - timedelta(days=age_days)


def my_number(index: int) -> str:
    """A valid, unique individual number for the `index`-th synthetic resident."""
    body = f"{(index * 7919 + 12_345_678_901) % 10**11:011d}"  # a bijection mod 10^11: unique
    return body + str(check_digit(body))


def address(rng: random.Random, ward_no: int) -> tuple[str, str, str]:
    """(postal code, ward, full address) in ward number `ward_no`."""
    town_no = rng.randrange(len(TOWNS))
    postal = f"43{ward_no}{town_no}{rng.randrange(1000):03d}"
    street = f"{TOWNS[town_no]}{rng.randint(1, 5)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
    if rng.random() < 0.2:
        street += f" {rng.choice(BUILDINGS)}{rng.randint(1, 9)}0{rng.randint(1, 9)}号室"
    return postal, WARDS[ward_no], f"{CITY}{WARDS[ward_no]}{street}"


def residents(
    count: int, rng: random.Random, pools: NamePools, today: date, *, start: int = 0
) -> Iterator[dict[str, Any]]:
    """`count` residents as dicts of RESIDENT_FIELDS (dates as `date`), register numbers from
    `start + 1`."""
    for index in range(start, start + count):
        sex = "F" if rng.random() < 0.51 else "M"
        last = rng.choice(pools.last)
        first = rng.choice(pools.female if sex == "F" else pools.male)
        birth = birth_date(rng, today)
        ward_no = rng.randrange(len(WARDS))
        postal, ward, full_address = address(rng, ward_no)
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
        yield {
            "id": new_id(),
            "register_no": f"{index + 1:010d}",
            "my_number": my_number(index) if rng.random() < 0.95 else None,
            "name": f"{last[0]}　{first[0]}",
            "kana": kana,
            "kana_key": search_key(kana),
            "sex": sex,
            "birth_date": birth,
            "address": full_address,
            "postal_code": postal,
            "ward": ward,
            "moved_in": moved_in,
            "moved_out": moved_out,
            "died": died,
            "support_measure": rng.random() < 0.0005,
            "non_taxable": rng.random() < 0.10,
        }


def periods(
    rng: random.Random, resident_id: str, today: date, share: float
) -> list[dict[str, Any]]:
    """A welfare or NHI period for about `share` of residents: {id, resident_id, start, end}."""
    if rng.random() >= share:
        return []
    start = today - timedelta(days=rng.randrange(30, 4000))
    end = None if rng.random() < 0.85 else (today - timedelta(days=rng.randrange(1, 29)))
    return [{"id": new_id(), "resident_id": resident_id, "start": start, "end": end}]


def history(rng: random.Random, resident: dict[str, Any], today: date) -> Iterator[dict[str, Any]]:
    """Five fiscal years of screenings for adults, about one in four attending each year."""
    birth: date = resident["birth_date"]
    sex = resident["sex"]
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
            yield {
                "id": new_id(),
                "resident_id": resident["id"],
                "program_code": program,
                "screened_on": day,
                "fiscal_year": fiscal_year,
                "judgement": judgement,
                "first_time": rng.random() < 0.3,
                "source": "history",
            }
