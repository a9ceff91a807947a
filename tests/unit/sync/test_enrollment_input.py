"""The enrollment form's checks, before anything is sent."""

from __future__ import annotations

import pytest

from app.domain.errors import KenshinError
from app.services.enrollment_service import BAD_CODE, BAD_NAME, BAD_URL, _code, _name, _url


@pytest.mark.parametrize(
    "url",
    ["http://kenshin.example", "ftp://x", "https://", "https://u:p@host", "https://h/?q=1", "host"],
)
def test_only_a_plain_https_url_is_accepted(url: str) -> None:
    with pytest.raises(KenshinError, match=BAD_URL):
        _url(url)


def test_a_url_is_kept_without_its_trailing_slash() -> None:
    assert _url(" https://kenshin.example.lg.jp:8443/ ") == "https://kenshin.example.lg.jp:8443"


def test_a_full_width_code_is_normalised_and_a_short_one_refused() -> None:
    assert _code("ＡＢＣ－１２３") != ""
    with pytest.raises(KenshinError, match=BAD_CODE):
        _code("abc")


def test_a_workstation_name_is_one_to_sixty_four_printable_characters() -> None:
    assert _name(" 窓口1 ") == "窓口1"
    for bad in ("", "a" * 65, "tab\there"):
        with pytest.raises(KenshinError, match=BAD_NAME):
            _name(bad)
