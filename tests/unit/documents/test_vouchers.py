"""Vouchers: what they show, their size, fonts, marks, batches and refusals."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.documents import DocumentError, _marks
from app.documents.model import Addressee, VoucherLine
from app.documents.vouchers import a4_voucher, a4_vouchers, postcard_voucher, postcards
from app.domain import voucher_number
from tests.unit.documents import pdf, samples


@pytest.fixture(scope="module")
def postcard() -> bytes:
    return postcard_voucher(samples.voucher(reissue=True))


@pytest.fixture(scope="module")
def a4() -> bytes:
    return a4_voucher(samples.voucher())


def test_a_postcard_shows_every_field_a_clinic_and_a_postman_need(postcard: bytes) -> None:
    text = pdf.text(postcard)
    for expected in (
        samples.NUMBER, "令和7年度", "受診券", "山田 花子", "ヤマダ ハナコ",
        "昭和60年6月15日", "女", "令和7年4月1日", "令和8年3月31日", "乳がん検診（マンモグラフィ）",
        "免除", "クーポン", "子宮頸がん検診", "1,000円", "医療機関コード", "受診日",
        "みどり区役所 保健福祉課 健診係", "03-1234-5678", "再発行",
    ):  # fmt: skip
        assert expected in text, expected
    assert "郵　便　は　が　き" in text or "郵便はがき" in text.replace("　", "")


def test_a_voucher_not_reissued_has_no_reissue_mark(a4: bytes) -> None:
    assert "再発行" not in pdf.text(a4)
    assert samples.NUMBER in pdf.text(a4)


def test_no_document_holds_a_twelve_digit_number(postcard: bytes, a4: bytes) -> None:
    assert not pdf.MY_NUMBER_SHAPE.search(pdf.text(postcard))
    assert not pdf.MY_NUMBER_SHAPE.search(pdf.text(a4))


def test_a_postcard_is_two_pages_of_148_by_100_mm(postcard: bytes, tmp_path: Path) -> None:
    assert pdf.page_sizes_mm(postcard) == [(148.0, 100.0), (148.0, 100.0)]
    path = tmp_path / "postcard.pdf"
    path.write_bytes(postcard)
    assert "419.528 x 283.465 pts" in pdf.pdfinfo_size(path)
    assert len(pdf.render(path)) == 2


def test_an_a4_voucher_is_one_a4_page_that_renders(a4: bytes, tmp_path: Path) -> None:
    assert pdf.page_sizes_mm(a4) == [(210.0, 297.0)]
    path = tmp_path / "a4.pdf"
    path.write_bytes(a4)
    assert "(A4)" in pdf.pdfinfo_size(path)
    assert len(pdf.render(path)) == 1


def test_every_font_is_embedded(postcard: bytes, a4: bytes) -> None:
    assert pdf.unembedded_fonts(postcard) == []
    assert pdf.unembedded_fonts(a4) == []


class _Recorder:
    """Stands in for a canvas and keeps what is drawn."""

    def __init__(self) -> None:
        self.literals: list[str] = []

    def addLiteral(self, code: str) -> None:  # noqa: N802  (ReportLab's name)
        self.literals.append(code)


def test_the_customer_barcode_is_67_filled_bars_of_standard_size() -> None:
    bars = _marks.barcode_bars(samples.ADDRESSEE)
    recorder = _Recorder()
    assert _marks.draw_barcode(recorder, bars, 0, 0) == 67
    ops = recorder.literals[0].splitlines()
    assert len([op for op in ops if op.endswith(" re")]) == 67 and ops[-1] == "f"
    rects = _marks.barcode_rects(bars, 0, 0)
    plain = [f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re" for x, y, w, h in rects]
    assert ops == [*plain, "f"]  # the table of bar operators gives the plain path's
    assert max(h for *_, h in rects) == pytest.approx(3.6 / 25.4 * 72)
    assert rects[1][0] - rects[0][0] == pytest.approx(1.2 / 25.4 * 72)
    assert rects[0][2] == pytest.approx(0.6 / 25.4 * 72)


def test_the_address_side_holds_exactly_the_barcode_as_filled_rectangles(postcard: bytes) -> None:
    page = PdfReader(io.BytesIO(postcard)).pages[0]
    ops = page.get_contents().get_data().decode("latin-1").split()
    assert ops.count("re") == 67 and ops.count("f") == 1


def test_the_qr_code_carries_only_the_voucher_number(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[Any] = []
    original = _marks.qr_code

    def spy(number: str) -> Any:
        built.append(number)
        return original(number)

    monkeypatch.setattr(_marks, "qr_code", spy)
    postcard_voucher(samples.voucher())
    assert built == [samples.NUMBER]
    [segment] = original(samples.NUMBER).dataList
    assert segment.data == samples.NUMBER


def test_many_vouchers_make_one_pdf_with_pages_in_order() -> None:
    docs = [samples.voucher(number=voucher_number.make(2025, serial)) for serial in (3, 1, 2)]
    cards, sheets = postcards(docs), a4_vouchers(docs)
    assert pdf.page_count(cards) == 6 and pdf.page_count(sheets) == 3
    text = pdf.text(sheets)
    positions = [text.index(doc.number) for doc in docs]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"addressee": Addressee("山田 花子", "ヤマダ", "100-13", "東京都1-2")}, "郵便番号"),
        ({"addressee": Addressee("山田 花子", "ヤマダ", "1000013", "  ")}, "住所"),
        ({"number": "25000012342"}, "検査用数字"),
        ({"sex": "X"}, "性別"),
        ({"programs": ()}, "検診"),
        ({"valid_until": date(2025, 3, 1)}, "有効期間"),
        ({"birth_date": date(1800, 1, 1)}, "明治6年"),
        ({"addressee": Addressee("123456789012", "ヤマダ", "1000013", "東京都1-2")}, "12桁"),
    ],
)
def test_invalid_input_is_refused_with_a_japanese_message(
    changes: dict[str, Any], words: str
) -> None:
    with pytest.raises(DocumentError, match=words):
        postcard_voucher(samples.voucher(**changes))


def test_a_refusal_in_a_batch_names_which_voucher() -> None:
    docs = [samples.voucher(), samples.voucher(sex="?")]
    with pytest.raises(DocumentError, match="2件目"):
        a4_vouchers(docs)


def test_overlong_text_is_shrunk_or_cut_not_an_error() -> None:
    long_name = "寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末食う寝る処に住む処" * 3
    lines = tuple(VoucherLine(f"検診{i}" + "あ" * 80, "免除", True) for i in range(12))
    person = Addressee(
        long_name, "ジュゲム" * 30, "1000013", "東京都千代田区霞が関1-3-2" + "ビル" * 60
    )
    text = pdf.text(postcard_voucher(samples.voucher(addressee=person, programs=lines)))
    assert "…" in text and "他6件" in text
