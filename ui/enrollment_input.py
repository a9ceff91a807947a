"""The enrollment form's input checks and the CA certificate file, before any server call.

The service checks again; these give the admin a message beside the form at once, and keep a
10,000-character paste or a control character from ever reaching the network.
"""

from __future__ import annotations

import ssl
import unicodedata
from pathlib import Path

from app.domain.errors import KenshinError
from ui.i18n import N_, t

MAX_URL = 256
MIN_CODE, MAX_CODE = 6, 64
MAX_NAME = 64
MAX_PEM = 65_536  # a CA chain of a few certificates fits many times over
PEM_MARKER = "-----BEGIN CERTIFICATE-----"
CONTROL_CHARS = N_("{what}に使えない文字（制御文字）が含まれています。入力し直してください。")
URL_SPACES = N_("サーバーのアドレスに空白や制御文字が含まれています。入力し直してください。")
URL_EXAMPLE = N_("（例: https://kenshin.city.example.jp）")


def _has_control(text: str, *, allow: str = "") -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf") and c not in allow for c in text)


def check_url(url: str) -> str:
    if not url:
        return t("サーバーのアドレスを入力してください{example}。").format(example=t(URL_EXAMPLE))
    if len(url) > MAX_URL:
        return t("サーバーのアドレスが長すぎます（{max}文字まで）。").format(max=MAX_URL)
    if _has_control(url) or any(c.isspace() for c in url):
        return t(URL_SPACES)
    if not url.lower().startswith("https://") or len(url) <= len("https://"):
        return t("サーバーのアドレスは https:// で始めてください{example}。").format(
            example=t(URL_EXAMPLE)
        )
    return ""


def check_code(code: str) -> str:
    if not code:
        return t("登録コードを入力してください。")
    if _has_control(code):
        return t(CONTROL_CHARS).format(what=t("登録コード"))
    if not MIN_CODE <= len(code) <= MAX_CODE:
        return t("登録コードは{min}〜{max}文字です。発行された通りに入力してください。").format(
            min=MIN_CODE, max=MAX_CODE
        )
    return ""


def check_pem(pem: str) -> str:
    if not pem:
        return t("CA証明書を貼り付けるか、ファイルから読み込んでください。")
    if len(pem) > MAX_PEM:
        return t("CA証明書が長すぎます（{max:,}文字まで）。").format(max=MAX_PEM)
    if _has_control(pem, allow="\r\n\t"):
        return t(CONTROL_CHARS).format(what=t("CA証明書"))
    if PEM_MARKER not in pem:
        return t(
            "CA証明書の形式ではありません。{marker} で始まるPEM形式の証明書を貼り付けてください。"
        ).format(marker=PEM_MARKER)
    return ""


def check_name(name: str) -> str:
    if not name:
        return t("端末名を入力してください。")
    if len(name) > MAX_NAME:
        return t("端末名が長すぎます（{max}文字まで）。").format(max=MAX_NAME)
    if _has_control(name):
        return t(CONTROL_CHARS).format(what=t("端末名"))
    return ""


def read_certificate(path: Path) -> str:
    """A CA certificate file as PEM text (a DER .crt is converted); KenshinError if unusable."""
    try:
        if path.stat().st_size > MAX_PEM:
            raise KenshinError(
                t("証明書ファイルが大きすぎます。CA証明書のファイルを選んでください。")
            )
        data = path.read_bytes()
    except OSError as error:
        raise KenshinError(t("証明書ファイルを読み込めませんでした。")) from error
    if data[:1] == b"\x30":  # a DER SEQUENCE: the binary form some .crt files use
        return ssl.DER_cert_to_PEM_cert(data)
    try:
        return data.decode("ascii")
    except UnicodeDecodeError as error:
        raise KenshinError(
            t("証明書ファイルの形式が読み取れません。PEM形式（テキスト）の証明書を選んでください。")
        ) from error


def first_problem(url: str, code: str, pem: str, name: str) -> tuple[int, str] | None:
    """The first field (0 address, 1 code, 2 certificate, 3 name) in trouble, and why."""
    messages = (check_url(url), check_code(code), check_pem(pem), check_name(name))
    return next(((field, text) for field, text in enumerate(messages) if text), None)
