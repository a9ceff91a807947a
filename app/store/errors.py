"""Why an encrypted store could not be opened, in words a clerk and the IT staff can act on."""

from app.domain.errors import KenshinError


class StoreError(KenshinError):
    """The store cannot be used; nothing was changed."""


class StoreKeyMissing(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "データファイルの暗号鍵がこのパソコンの資格情報ストアに見つかりません。"
            "データファイルは削除せずにそのまま残しています。システム管理者に連絡してください。"
        )


class StoreWrongKey(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "暗号鍵がデータファイルと一致しないため開けません（鍵の誤り、またはファイルの破損）。"
            "データファイルは変更していません。システム管理者に連絡してください。"
        )


class StoreNotEncrypted(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "データファイルが暗号化されていません。安全のため使用を中止しました。"
            "ファイルは変更していません。システム管理者に連絡してください。"
        )


class StoreCorrupted(StoreError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            "データファイルが破損しているか、改ざんされています"
            f"（{detail}）。ファイルは変更していません。システム管理者に連絡してください。"
        )


class StoreVersionError(StoreError):
    def __init__(self, version: str) -> None:
        super().__init__(f"暗号化ライブラリの版（{version}）が対応外です。SQLCipher 4 が必要です。")


class KeyringUnavailable(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "このパソコンの資格情報ストア（キーリング）が利用できないため、暗号鍵を保管できません。"
            "システム管理者に連絡してください。"
        )
