"""healthdesk-server: run the server (or the demo), and the operator's commands.

    healthdesk-server --database-url URL --host 127.0.0.1 --port 8443 --tls-cert C --tls-key K
    healthdesk-server --demo --port P [--ready-file F] [--data-dir D] [--residents N]
    healthdesk-server ingest residents|welfare|nhi FILE [--database-url URL]
    healthdesk-server create-admin LOGIN [--display-name NAME] [--database-url URL]
    healthdesk-server enrollment-code NAME [--ward W] [--kind workstation|integration]
    healthdesk-server purge-resident ID [--database-url URL]
    healthdesk-server compact [--keep-last N | --before-seq S] [--database-url URL]
    healthdesk-server renkei-exchange [--database-url URL]
    healthdesk-server new-signing-key FILE

Secrets come from the environment (KENSHIN_SERVER_TOKEN_PEPPER, KENSHIN_SERVER_SIGNING_KEY_FILE,
see server/config.py). Exit status: 0 done, 1 refused (message on stderr), 2 feed rows rejected.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from server import commands
from server.config import ServerConfigError, ServerSettings, write_signing_key
from server.tls import write_private

GRACEFUL_STOP_S = 5  # seconds a stopping server waits for open connections


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="healthdesk-server", description="Kenshin Desk server")
    parser.add_argument("--database-url")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--tls-cert", type=Path)
    parser.add_argument("--tls-key", type=Path)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--ready-file", type=Path)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261126)
    sub = parser.add_subparsers(dest="command")
    ingest = sub.add_parser("ingest", help="取り込み / ingest a feed (CSV)")
    ingest.add_argument("feed", choices=("residents", "welfare", "nhi"))
    ingest.add_argument("file", type=Path)
    admin = sub.add_parser("create-admin", help="初期管理者 / create an admin account")
    admin.add_argument("login")
    admin.add_argument("--display-name", default="システム管理者")
    code = sub.add_parser("enrollment-code", help="端末登録コード / one-time enrollment code")
    code.add_argument("name")
    code.add_argument("--ward")
    code.add_argument("--kind", choices=("workstation", "integration"), default="workstation")
    purge = sub.add_parser("purge-resident", help="住民の消去 / purge a resident")
    purge.add_argument("resident_id")
    compact = sub.add_parser("compact", help="変更履歴の圧縮 / compact the change log")
    group = compact.add_mutually_exclusive_group()
    group.add_argument("--keep-last", type=int)
    group.add_argument("--before-seq", type=int)
    renkei = sub.add_parser("renkei-exchange", help="中間サーバーとの送受信 / 情報連携 exchange")
    key = sub.add_parser("new-signing-key", help="署名鍵の作成 / make an Ed25519 signing key")
    key.add_argument("file", type=Path)
    for command in (ingest, admin, code, purge, compact, renkei):
        command.add_argument("--database-url", dest="sub_database_url")
        command.add_argument("--data-dir", dest="sub_data_dir", type=Path)
    return parser


def _settings(args: argparse.Namespace) -> ServerSettings:
    values: dict[str, object] = {}
    url = getattr(args, "sub_database_url", None) or args.database_url
    data_dir = getattr(args, "sub_data_dir", None) or args.data_dir
    if url:
        values["database_url"] = url
    if data_dir:
        values["data_dir"] = data_dir
        demo_pepper = Path(data_dir) / "demo-pepper"
        if demo_pepper.is_file() and not url:  # a demo's folder: its own pepper, no secrets
            values["demo"] = True
            values["token_pepper"] = demo_pepper.read_text(encoding="ascii").strip()
    return ServerSettings(**values)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command is None:
            return serve(args)
        if args.command == "new-signing-key":
            write_signing_key(args.file)
            print(f"署名鍵を作成しました / signing key written: {args.file}")
            return 0
        return commands.run(args.command, args, _settings(args))
    except (ServerConfigError, commands.CommandRefused) as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except FileExistsError:
        print("ファイルが既にあります。上書きはしません。 / The file exists.", file=sys.stderr)
        return 1


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app

    ready: dict[str, object] = {}
    if args.demo:
        from server.demo import prepare_demo

        demo = prepare_demo(args.data_dir, residents=args.residents, seed=args.seed)
        settings, cert, key = demo.settings, demo.tls.cert_file, demo.tls.key_file
        ready = {"ca_pem": demo.tls.ca_pem, "codes": demo.codes}
    else:
        if args.tls_cert is None or args.tls_key is None:
            raise ServerConfigError(
                "TLS の証明書と秘密鍵（--tls-cert, --tls-key）を指定してください。 / "
                "Give --tls-cert and --tls-key (the server speaks TLS only)."
            )
        settings, cert, key = _settings(args), args.tls_cert, args.tls_key
    app = create_app(settings)
    listener = _listen(args.host, args.port)
    port = listener.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"https://{host}:{port}"
    if args.ready_file is not None:
        ready |= {"url": url, "pid": os.getpid()}
        write_private(args.ready_file, json.dumps(ready, ensure_ascii=False).encode("utf-8"))
    print(url, flush=True)
    config = uvicorn.Config(
        app,
        ssl_certfile=str(cert),
        ssl_keyfile=str(key),
        log_level="warning" if args.demo else "info",
        proxy_headers=False,
        # An idle keep-alive TLS client otherwise holds a stop for asyncio's 30-second TLS
        # shutdown; a request cut by it is retried (pushes are atomic, snapshots resume).
        timeout_graceful_shutdown=GRACEFUL_STOP_S,
    )
    uvicorn.Server(config).run(sockets=[listener])
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """Bound and listening before anyone is told the address (port 0: any free port).

    Made with IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets whose protocol says
    TCP, and without it every response whose body follows its headers waited for the client's
    delayed ACK (40 ms a request)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(2048)
    listener.set_inheritable(True)
    return listener


if __name__ == "__main__":
    sys.exit(main())
