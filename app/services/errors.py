"""Service errors a screen shows as they are (Japanese; never a personal value)."""

from app.domain.errors import KenshinError

LOGIN_FAILED = "職員IDまたはパスワードが正しくありません。"


class AuthenticationFailed(KenshinError):
    def __init__(self, message: str = LOGIN_FAILED) -> None:
        super().__init__(message)


class AccountLocked(KenshinError):
    def __init__(self, minutes: int) -> None:
        super().__init__(
            "ログインに続けて失敗したため、このIDは一時的にロックされています。"
            f"約{minutes}分後にもう一度お試しいただくか、システム管理者に連絡してください。"
        )


class PermissionDenied(KenshinError):
    def __init__(self) -> None:
        super().__init__("この操作を行う権限がありません。操作は記録されました。")


class SessionEnded(KenshinError):
    def __init__(self) -> None:
        super().__init__("このIDは利用停止されたか、有効な権限がなくなりました。ログアウトします。")


class PasswordChangeRequired(KenshinError):
    def __init__(self) -> None:
        super().__init__("パスワードの変更が必要です。先にパスワードを変更してください。")


class NotFound(KenshinError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what}が見つかりません。")
