"""The report tables, cell by cell, from a register and results built by hand."""

from __future__ import annotations

from app.domain.screening_report import (
    Cells,
    Examinee,
    Followup,
    Outcome,
    band_of,
    bands,
    build,
)


def person(rid: str, sex: str, age: int, **facts: object) -> Examinee:
    return Examinee(
        resident_id=rid,
        sex=sex,
        age=age,
        first_time=bool(facts.get("first", False)),
        needs_followup=bool(facts.get("refer", False)),
        followup=facts.get("followup"),  # type: ignore[arg-type]
        outcome=facts.get("outcome"),  # type: ignore[arg-type]
    )


def test_bands_start_at_the_programs_youngest_age_and_end_open() -> None:
    assert band_of(40, 40) == "40〜44" and band_of(44, 40) == "40〜44"
    assert band_of(45, 40) == "45〜49" and band_of(79, 40) == "75〜79"
    assert band_of(80, 40) == "80〜" and band_of(101, 40) == "80〜"
    assert band_of(20, 20) == "20〜24" and band_of(52, 50) == "50〜54"
    assert bands(40) == [
        "40〜44", "45〜49", "50〜54", "55〜59", "60〜64", "65〜69", "70〜74", "75〜79", "80〜",
    ]  # fmt: skip


def test_colorectal_every_cell_by_hand() -> None:
    targets = {("M", 42): 10, ("M", 47): 5, ("F", 42): 8, ("F", 71): 4, ("M", 85): 3}
    examinees = [
        person("a", "M", 42, first=True),
        person("b", "M", 43, refer=True, followup=Followup.ATTENDED, outcome=Outcome.CANCER),
        person("c", "M", 47, first=True, refer=True, followup=Followup.NOT_ATTENDED),
        person("d", "F", 42, refer=True),  # 精検 not known yet: 未把握
        person("e", "F", 42, refer=True, followup=Followup.ATTENDED, outcome=Outcome.SUSPECTED),
        person("f", "F", 71, refer=True, followup=Followup.ATTENDED, outcome=Outcome.OTHER),
        person("g", "F", 71, first=True, refer=True, followup=Followup.ATTENDED),  # no result yet
        person("h", "M", 85, refer=True, followup=Followup.ATTENDED, outcome=Outcome.NORMAL),
    ]
    report = build("colorectal", 2026, youngest=40, targets=targets, examinees=examinees)
    m40, m45, f40, f70, m80 = (
        report.rows[("M", "40〜44")],
        report.rows[("M", "45〜49")],
        report.rows[("F", "40〜44")],
        report.rows[("F", "70〜74")],
        report.rows[("M", "80〜")],
    )
    assert m40 == Cells(targets=10, first_time=1, repeat=1, needs_followup=1, attended=1, cancer=1)
    assert m45 == Cells(targets=5, first_time=1, needs_followup=1, not_attended=1)
    assert f40 == Cells(targets=8, repeat=2, needs_followup=2, attended=1, unknown=1, suspected=1)
    assert f70 == Cells(targets=4, first_time=1, repeat=1, needs_followup=2, attended=2, other=1)
    assert m80 == Cells(targets=3, repeat=1, needs_followup=1, attended=1, normal=1)
    untouched = set(report.rows) - {
        ("M", "40〜44"), ("M", "45〜49"), ("F", "40〜44"), ("F", "70〜74"), ("M", "80〜"),
    }  # fmt: skip
    assert all(report.rows[key] == Cells() for key in untouched)
    men, women, everyone = report.total("M"), report.total("F"), report.total()
    assert (men.targets, men.examinees, men.needs_followup) == (18, 4, 3)
    assert (women.targets, women.examinees, women.needs_followup) == (12, 4, 4)
    assert everyone.examinees == 8 and everyone.cancer == 1 and everyone.unknown == 1
    assert everyone.needs_followup == (everyone.attended + everyone.not_attended + everyone.unknown)
    # 40〜69 only: a, b, c, d, e of the 10 + 5 + 8 targets of those ages
    assert report.rate is not None
    assert (report.rate.examinees, report.rate.targets, report.rate.percent) == (5, 23, 21.7)


def test_a_two_year_program_counts_last_year_and_this_year_once_each() -> None:
    targets = {("F", 45): 10, ("F", 68): 10, ("F", 70): 5}
    this_year = [person("p", "F", 45), person("q", "F", 68), person("r", "F", 70)]
    last_year = [
        person("p", "F", 44),  # both years: once
        person("s", "F", 45),  # last year only: counts
        person("t", "F", 69),  # 70 this year: outside 40〜69 now
    ]
    report = build(
        "breast",
        2026,
        youngest=40,
        targets=targets,
        examinees=this_year,
        previous_examinees=last_year,
    )
    assert report.rate is not None
    assert (report.rate.examinees, report.rate.targets, report.rate.percent) == (3, 20, 15.0)
    assert report.total().examinees == 3  # the table counts this year's screenings only


def test_the_rate_ages_follow_the_program() -> None:
    targets = {("M", 45): 4, ("M", 55): 4}
    examinees = [person("a", "M", 45), person("b", "M", 55)]
    stomach = build("stomach_xray", 2026, youngest=40, targets=targets, examinees=examinees)
    assert stomach.rate is not None and (stomach.rate.examinees, stomach.rate.targets) == (1, 4)
    cervical = build(
        "cervical", 2026, youngest=20, targets={("F", 22): 5}, examinees=[person("c", "F", 22)]
    )
    assert cervical.rate is not None and cervical.rate.percent == 20.0
    empty = build("lung", 2026, youngest=40, targets={}, examinees=[])
    assert empty.rate is not None and empty.rate.percent is None
