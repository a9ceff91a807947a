"""One sync round of a workstation: pull, audit checkpoint, push, voucher blocks (no Qt).

Network trouble ends the round as offline; a revoked device stops syncing for good and drops
its store key only when nothing unsynced is left; a revoked staff member ends their session.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from app.domain.calendar import fiscal_year_of
from app.store.sync_repository import UNSYNCED
from app.sync.pull import Puller
from app.sync.push import Pusher
from app.sync.removal import remove_leftovers
from app.sync.transport import ServerBusy, ServerClient, ServerRefused, ServerUnreachable

if TYPE_CHECKING:
    from app.services.ports import Clock, UnitOfWorkFactory

log = logging.getLogger(__name__)

VOUCHER_LOW_WATER = 200
VOUCHER_BLOCK_SIZE = 1000
ROLLBACK_MARK = "audit:rollback"  # reserved sync_cursors name: the checkpoint already reported
DEVICE_REVOKED = (
    "この端末の登録は取り消されました。同期を停止しました。システム管理者に連絡してください。"
)
AUDIT_ROLLBACK = (
    "この端末の監査ログがサーバーの記録より短くなっています（切り詰めまたは巻き戻し）。"
    "システム管理者に連絡してください。"
)
STAFF_REVOKED = "この職員の利用は停止されました。ログアウトします。"
LOGIN_AGAIN = "送信にはオンラインでの再ログインが必要です。"


class KeyHolder(Protocol):
    """What the engine needs of the key store: dropping the store key of a revoked desk."""

    def delete(self, data_dir: Path) -> None: ...


@dataclass
class RoundResult:
    pulled: int = 0
    pushed: int = 0
    online: bool = True
    session_revoked: bool = False
    device_revoked: bool = False
    key_deleted: bool = False
    needs_online_login: bool = False
    message: str = ""


class SyncEngine:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        client: ServerClient,
        *,
        keys: KeyHolder | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._client = client
        self._keys = keys
        self._data_dir = data_dir
        self._puller = Puller(uow, client, clock.now)
        self._pusher = Pusher(uow, client, clock.now)

    # ------------------------------------------------------------ the round

    def run(self, staff_token: str | None, staff_id: str | None = None) -> RoundResult:
        """Pull always; check the audit checkpoint; push and refill vouchers with a token."""
        result = RoundResult()
        try:
            result.pulled = self.pull()
            audit_ok = self.check_audit()
            if not audit_ok:
                result.message = AUDIT_ROLLBACK
            if staff_token:
                result.pushed = self.push(staff_token, audit=audit_ok)
                self.refill_vouchers(staff_token)
                self._remove_leftovers()
            else:
                result.needs_online_login = self._unsynced_count() > 0
        except ServerRefused as refusal:
            self._refused(refusal, result, staff_id)
        except ServerBusy as busy:
            result.online, result.message = False, busy.message
        except ServerUnreachable as unreachable:
            result.online, result.message = False, unreachable.message
        return result

    def pull(self) -> int:
        return self._puller.pull()

    def push(self, staff_token: str, *, audit: bool = True) -> int:
        tally = self._pusher.push(staff_token, audit=audit)
        return tally.sent + tally.refused

    def _refused(self, refusal: ServerRefused, result: RoundResult, staff_id: str | None) -> None:
        result.message = refusal.message
        if refusal.code == "device_revoked":
            result.device_revoked = True
            result.key_deleted = self.revoke_device()
            result.message = DEVICE_REVOKED
        elif refusal.code == "staff_revoked":
            result.session_revoked = True
            result.message = STAFF_REVOKED
            if staff_id is not None:
                with self._uow() as uow:
                    uow.sync.drop_grant(staff_id)  # and no offline login after it
                    uow.commit()
        elif refusal.code == "token_expired":
            result.needs_online_login = True
            result.message = LOGIN_AGAIN

    # ------------------------------------------------------------ audit checkpoint

    def check_audit(self) -> bool:
        """The server's checkpoint must lie on the local chain; the push pointer follows it.

        False (and one audit event per checkpoint) when the local log was cut or rolled back.
        """
        checkpoint = self._client.audit_checkpoint()
        with self._uow() as uow:
            if checkpoint.seq == 0 or uow.sync.audit_hash_at(checkpoint.seq) == checkpoint.hash:
                uow.sync.set_audit_pointer(checkpoint.seq, self._clock.now())
                uow.sync.clear_cursor(ROLLBACK_MARK)
                uow.commit()
                return True
            mark = f"{checkpoint.seq}:{checkpoint.hash}"
            if uow.sync.cursor(ROLLBACK_MARK) != mark:
                uow.audit.record(
                    staff_id=None,
                    action="audit_rollback_detected",
                    outcome="broken",
                    record_kind="audit_checkpoint",
                    record_id=str(checkpoint.seq),
                    detail=f"local_head={uow.sync.audit_head_seq()}",
                )
                uow.sync.set_cursor(ROLLBACK_MARK, mark, self._clock.now())
                log.error("audit checkpoint %d not on the local chain", checkpoint.seq)
            uow.commit()
            return False

    # ------------------------------------------------------------ voucher blocks

    def refill_vouchers(self, staff_token: str) -> int:
        """Keep at least VOUCHER_LOW_WATER free serials for the current fiscal year."""
        now = self._clock.now()
        fiscal_year = fiscal_year_of(now.astimezone().date())
        with self._uow() as uow:
            uow.sync.drop_spent_blocks(now)
            free = uow.sync.free_serials(fiscal_year, now)
            uow.commit()
        if free >= VOUCHER_LOW_WATER:
            return 0
        block = self._client.voucher_block(staff_token, fiscal_year, VOUCHER_BLOCK_SIZE)
        with self._uow() as uow:
            uow.sync.add_block(
                block.block_id, block.fiscal_year, block.first, block.last, block.expires_at
            )
            uow.commit()
        return block.last - block.first + 1

    # ------------------------------------------------------------ revocation

    def revoke_device(self) -> bool:
        """Stop syncing; the store key goes only when nothing on this desk is unsynced.

        True when the key was deleted. A keyring error keeps everything (never the store file).
        """
        with self._uow() as uow:
            uow.sync.mark_revoked(self._clock.now())
            unsynced = uow.sync.count(*UNSYNCED) + uow.sync.audit_unpushed()
            uow.audit.record(
                staff_id=None,
                action="device_revoked",
                outcome="ok" if unsynced == 0 else "kept",
                record_kind="device",
                detail=f"unsynced={unsynced}",
            )
            uow.commit()
        if unsynced or self._keys is None or self._data_dir is None:
            return False
        try:
            self._keys.delete(self._data_dir)
        except Exception:  # any keyring failure: keep the key, the store and everything
            log.exception("store key of a revoked desk could not be deleted")
            return False
        return True

    def _remove_leftovers(self) -> None:
        with self._uow() as uow:
            remove_leftovers(uow.session.connection())
            uow.commit()

    def _unsynced_count(self) -> int:
        with self._uow(read_only=True) as uow:
            return uow.sync.count("pending") + uow.sync.audit_unpushed()


def round_summary(result: RoundResult) -> str:
    """Counts only, for the log: never a record's values."""
    return (
        f"pulled={result.pulled} pushed={result.pushed} online={result.online} "
        f"device_revoked={result.device_revoked} session_revoked={result.session_revoked}"
    )
