"""Notices: the three letters, sealed mail, fonts, size and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.documents import DocumentError
from app.documents.notices import notice
from tests.unit.documents import pdf, samples


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("invitation", "受診のご案内"),
        ("reminder", "精密検査受診のお願い"),
        ("result", "検診結果のお知らせ"),
    ],
)
def test_each_kind_of_notice_has_its_title(kind: str, title: str) -> None:
    text = pdf.text(notice(samples.reminder(kind=kind)))
    assert title in text
    assert not pdf.MY_NUMBER_SHAPE.search(text)


def test_a_reminder_shows_addressee_date_body_and_whom_to_ask() -> None:
    text = pdf.text(notice(samples.reminder()))
    for expected in (
        "〒100-0013", "山田 花子", "令和7年10月1日", "令和7年度", "大腸がん検診", "昭和35年2月3日",
        "拝啓", "敬具", "お問い合わせ先", "03-1234-5678", "親展",
    ):  # fmt: skip
        assert expected in text, expected


def test_only_sealed_mail_is_marked_confidential() -> None:
    assert "親展" not in pdf.text(notice(samples.reminder(kind="invitation", sealed=False)))


def test_a_notice_is_one_a4_page_with_embedded_fonts(tmp_path: Path) -> None:
    letter = notice(samples.reminder())
    assert pdf.page_sizes_mm(letter) == [(210.0, 297.0)]
    assert pdf.unembedded_fonts(letter) == []
    path = tmp_path / "notice.pdf"
    path.write_bytes(letter)
    assert "(A4)" in pdf.pdfinfo_size(path)
    assert len(pdf.render(path)) == 1


def test_a_very_long_body_is_cut_with_an_ellipsis() -> None:
    body = tuple("精密検査を受けてください。" * 12 for _ in range(40))
    text = pdf.text(notice(samples.reminder(body_lines=body)))
    assert text.count("…") >= 1


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"kind": "advert"}, "種類"),
        ({"sex": ""}, "性別"),
        ({"body_lines": ("番号 123456789012",)}, "12桁"),
    ],
)
def test_invalid_notices_are_refused(changes: dict[str, object], words: str) -> None:
    with pytest.raises(DocumentError, match=words):
        notice(samples.reminder(**changes))
