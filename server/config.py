"""Server settings (env prefix KENSHIN_SERVER_), refusing default secrets outside the demo."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.domain.errors import KenshinError

MIN_PEPPER_LENGTH = 32
# Values seen in templates and tutorials: a server started with one of them is not configured.
DEFAULT_SECRETS = frozenset(
    {"", "changeme", "change-me", "changethis", "secret", "password", "demo", "kenshin"}
)
SQLITE_FILE = "kenshin-server.db"


class ServerConfigError(KenshinError):
    """The server cannot start as configured; the message says what to set (Japanese, English)."""


class ServerSettings(BaseSettings):
    """Everything the server needs from its environment; `check()` before serving."""

    model_config = SettingsConfigDict(env_prefix="KENSHIN_SERVER_", extra="ignore")

    database_url: str | None = None  # None: an SQLite file in data_dir
    data_dir: Path = Path("kenshin-server-data")
    signing_key_file: Path | None = None  # Ed25519 private key (PEM, PKCS#8) for offline grants
    token_pepper: SecretStr = SecretStr("")  # HMAC key of every stored token and code hash
    staff_token_minutes: int = 30
    enrollment_code_hours: int = 24
    tombstone_horizon: timedelta = timedelta(days=90)  # `compact` keeps this much change log
    voucher_block_days: int = 30
    demo: bool = False
    migrate_on_start: bool = True
    # 情報連携 (server/renkei): off, a spool the city's システム連携基盤 serves, or the simulator
    renkei_mode: str = "off"
    renkei_spool_dir: Path | None = None  # None: data_dir / "renkei-spool"
    renkei_city_code: str = "229999"  # 全国地方公共団体コード of this city
    renkei_city_name: str = "さくら市"

    def renkei_spool(self) -> Path:
        return self.renkei_spool_dir or self.data_dir / "renkei-spool"

    def url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / SQLITE_FILE).resolve()}"

    def pepper(self) -> bytes:
        return self.token_pepper.get_secret_value().encode("utf-8")

    def check(self) -> None:
        """Refuse a missing, default or short secret or a missing signing key (not in the demo)."""
        if self.demo:
            return
        pepper = self.token_pepper.get_secret_value()
        if pepper.strip().lower() in DEFAULT_SECRETS or len(pepper) < MIN_PEPPER_LENGTH:
            raise ServerConfigError(
                "トークン用の秘密値（KENSHIN_SERVER_TOKEN_PEPPER）が未設定か、既定値か、"
                f"{MIN_PEPPER_LENGTH}文字未満です。十分に長い乱数を設定してください。 / "
                "KENSHIN_SERVER_TOKEN_PEPPER is missing, a default value or shorter than "
                f"{MIN_PEPPER_LENGTH} characters; set a long random secret."
            )
        if self.signing_key_file is None or not self.signing_key_file.is_file():
            raise ServerConfigError(
                "オフライン許可の署名鍵（KENSHIN_SERVER_SIGNING_KEY_FILE）が見つかりません。"
                "`healthdesk-server new-signing-key FILE` で作成して指定してください。 / "
                "The signing key (KENSHIN_SERVER_SIGNING_KEY_FILE) is missing; create one with "
                "`healthdesk-server new-signing-key FILE`."
            )
        load_signing_key(self.signing_key_file)


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ServerConfigError(
            "署名鍵を読み込めません。Ed25519 の秘密鍵（PEM）を指定してください。 / "
            "The signing key cannot be read; give an Ed25519 private key in PEM."
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ServerConfigError(
            "署名鍵が Ed25519 ではありません。 / The signing key is not an Ed25519 key."
        )
    return key


def write_signing_key(path: Path) -> Ed25519PrivateKey:
    """A new Ed25519 key in `path` (PEM, mode 0600); refuses to overwrite an existing file."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as handle:
        path.chmod(0o600)
        handle.write(pem)
    return key


def signing_key_of(settings: ServerSettings) -> Ed25519PrivateKey:
    """The configured key; the demo makes one in its data directory when none is given."""
    if settings.signing_key_file is not None and settings.signing_key_file.is_file():
        return load_signing_key(settings.signing_key_file)
    if settings.demo:
        path = settings.data_dir / "signing-key.pem"
        return load_signing_key(path) if path.is_file() else write_signing_key(path)
    settings.check()
    raise AssertionError("unreachable: check() refuses a missing key")
