"""Feeds: every row checked, all or nothing, reasons per row in Japanese, no values echoed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain import synthetic
from server.cli import main
from server.models import ChangeLog, Resident, ServerAudit
from tests.server.conftest import HEADER, Server, resident_line, residents_csv


def _count(server: Server, model: type) -> int:
    with server.context.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_feed_upserts_by_register_number_and_keeps_ids(server: Server) -> None:
    assert server.ingest("residents", residents_csv(6)).json() == {
        "feed": "residents", "accepted": 6, "changed": 6,
    }  # fmt: skip
    with server.context.sessions() as session:
        ids = dict(session.execute(select(Resident.register_no, Resident.id)).all())
    assert server.ingest("residents", residents_csv(6)).json()["changed"] == 0
    lines = [resident_line(i, ("中央区", "北区")[i % 2]) for i in range(6)]
    lines[3] = resident_line(3, "北区", moved_out="2026-10-01")
    moved = HEADER + "\n" + "\n".join(lines) + "\n"
    assert server.ingest("residents", moved).json()["changed"] == 1
    with server.context.sessions() as session:
        assert dict(session.execute(select(Resident.register_no, Resident.id)).all()) == ids
        assert session.scalar(select(func.count()).select_from(ChangeLog)) >= 7
        audit = session.scalars(select(ServerAudit.detail).where(ServerAudit.action == "ingest"))
        assert all("試験" not in detail for detail in audit)
    shorter = HEADER + "\n" + resident_line(0, "中央区") + "\n"
    assert server.ingest("residents", shorter).json()["changed"] == 0
    assert _count(server, Resident) == 6  # leaving the feed is not leaving the register


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"my_number": "123456789012"}, "検査用数字"),
        ({"name": "長" * 10_000}, "長すぎます"),
        ({"address": "本町\x001丁目"}, "制御文字"),
        ({"kana": "Yamada"}, "カナ"),
        ({"sex": "X"}, "性別"),
        ({"birth_date": "1960-02-30"}, "生年月日"),
        ({"postal_code": "43"}, "郵便番号"),
        ({"support_measure": "yes"}, "支援措置"),
        ({"register_no": ""}, "住民番号"),
    ],
)
def test_one_bad_row_refuses_the_whole_feed(
    server: Server, override: dict[str, str], reason: str
) -> None:
    lines = [resident_line(i, "中央区") for i in range(4)]
    lines[2] = resident_line(2, "中央区", **override)
    answer = server.ingest("residents", HEADER + "\n" + "\n".join(lines) + "\n")
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "rows_rejected" and "1行も反映していません" in body["message"]
    assert [row["row"] for row in body["rows"]] == [3]
    assert reason in body["rows"][0]["reason"]
    for value in override.values():
        if len(value) > 3:
            assert value not in answer.text  # reasons never repeat the value
    assert _count(server, Resident) == 0


def test_duplicates_and_bad_headers_are_refused(server: Server) -> None:
    lines = [resident_line(0, "北区"), resident_line(0, "北区", my_number="")]
    answer = server.ingest("residents", HEADER + "\n" + "\n".join(lines) + "\n")
    assert [r["row"] for r in answer.json()["rows"]] == [2]
    wrong = server.ingest("residents", "register_no,name\n1,x\n")
    assert wrong.status_code == 422 and "見出し行" in wrong.json()["message"]
    not_utf8 = server.ingest("residents", "")
    assert not_utf8.status_code == 422


def test_periods_need_a_known_resident_and_a_sane_range(server: Server) -> None:
    server.add_residents(2)
    feed = "register_no,start,end\n0000000001,2024-04-01,\n9999999999,2024-04-01,\n"
    answer = server.ingest("nhi", feed)
    assert answer.status_code == 422 and answer.json()["rows"][0]["row"] == 2
    backwards = "register_no,start,end\n0000000001,2024-04-01,2024-03-01\n"
    assert "終了日" in server.ingest("nhi", backwards).json()["rows"][0]["reason"]
    ok = "register_no,start,end\n0000000001,2024-04-01,\n0000000001,2020-04-01,2021-03-31\n"
    assert server.ingest("nhi", ok).json()["changed"] == 2
    ended = "register_no,start,end\n0000000001,2024-04-01,2026-03-31\n"
    assert server.ingest("nhi", ended).json()["changed"] == 1


def test_a_my_number_held_by_another_resident_is_refused(server: Server) -> None:
    server.add_residents(2)
    clash = HEADER + "\n" + resident_line(5, "北区", my_number=synthetic.my_number(0)) + "\n"
    answer = server.ingest("residents", clash)
    assert answer.status_code == 422 and "別の住民" in answer.json()["rows"][0]["reason"]


def test_the_cli_ingests_and_exits_2_with_row_reasons(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(residents_csv(5), encoding="utf-8")
    lines = [resident_line(i, "北区") for i in range(5, 8)]
    lines[1] = resident_line(6, "北区", sex="?")
    bad.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert main(["ingest", "residents", str(good), "--database-url", database_url]) == 0
    assert '"changed":5' in capsys.readouterr().out
    assert main(["ingest", "residents", str(bad), "--database-url", database_url]) == 2
    err = capsys.readouterr().err
    assert "2行目: 性別は M か F で指定してください。" in err
    assert _count(server, Resident) == 5
