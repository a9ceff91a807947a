"""The real `healthdesk-server --demo` process, over TLS, with the workstation's ServerClient."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from app.domain.ids import new_id
from app.sync import wire
from app.sync.transport import ServerClient, ServerRefused

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(
    path: Path, process: subprocess.Popen[bytes], seconds: float = 60
) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size:
            ready: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
            return ready
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        time.sleep(0.1)
    raise AssertionError("the demo server did not become ready")


def test_the_demo_server_speaks_tls_to_the_workstation_client(tmp_path: Path) -> None:
    ready_file = tmp_path / "ready.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "--demo", "--port", "0", "--residents", "40",
         "--ready-file", str(ready_file), "--data-dir", str(tmp_path / "demo")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        ready = _wait_for(ready_file, process)
        assert ready_file.stat().st_mode & 0o777 == 0o600
        assert ready["pid"] == process.pid and len(ready["codes"]) == 4  # type: ignore[arg-type]
        url, ca_pem = str(ready["url"]), str(ready["ca_pem"])
        assert url.startswith("https://127.0.0.1:")
        client = ServerClient(url, ca_pem)
        try:
            assert client.healthz()
            enrolled = client.enroll(ready["codes"][0], "demo-desk")  # type: ignore[index]
            client.device_token = enrolled.device_token
            login = client.login("supervisor", "hinode-momiji-03")
            assert login.roles == ["supervisor"]
            page = client.snapshot("residents", after=None, cursor=None)
            assert page.count == 40 and page.done and page.hash == wire.page_hash(page.rows)
            staff = client.pull("staff", None)
            assert staff.count == 4 and staff.hash == wire.page_hash(staff.changes)
            batch_id = new_id()
            data = {
                "id": batch_id, "program_code": "lung", "clinic_code": "C001", "month": "2026-10",
                "received_count": 3, "received_on": "2026-11-01", "created_by": login.staff_id,
            }  # fmt: skip
            request = wire.PushRequest(
                records=[wire.PushRecord(id=batch_id, kind="form_batch", base_version=0, data=data)]
            )
            assert client.push(login.staff_token, request).results[0].status == "applied"
            block = client.voucher_block(login.staff_token, 2026, 100)
            assert (block.first, block.last) == (1, 100)
            try:
                client.enroll(ready["codes"][0], "again")  # type: ignore[index]
            except ServerRefused as refused:
                assert refused.status == 401 and refused.message
            else:
                raise AssertionError("a used code enrolled again")
        finally:
            client.close()
    finally:
        process.terminate()
        process.wait(10)
