"""Every route refuses what its credentials do not allow, always with an ErrorBody in Japanese."""

from __future__ import annotations

import re
from typing import Any

from app.sync import wire
from tests.server.conftest import Server

OPEN = {"/healthz", wire.API + "/healthz", wire.API + "/enroll"}
DEVICE_ONLY = {"/auth/login", "/sync/{stream}", "/snapshot/{stream}", "/audit/checkpoint"}


def _routes(server: Server) -> list[tuple[str, str]]:
    paths = server.app.openapi()["paths"]
    return [(method.upper(), path) for path, item in paths.items() for method in item]


def _call(server: Server, method: str, path: str, headers: dict[str, str]) -> Any:
    url = re.sub(r"\{[^}]+\}", "x", path)
    if "/ingest/" in path:
        url = path.replace("{feed}", "residents")
    if "/sync/{stream}" in path or "/snapshot/" in path:
        url = path.replace("{stream}", "staff")
    clean = {k: v for k, v in headers.items() if k != "device_id"}
    return server.client.request(method, url, headers=clean, json={})


def _refused(answer: Any, status: int, code: str | None = None) -> None:
    assert answer.status_code == status, answer.text
    body = wire.ErrorBody.model_validate_json(answer.content)
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", body.message)
    if code is not None:
        assert body.code == code


def test_every_route_but_health_and_enroll_needs_credentials(server: Server) -> None:
    routes = _routes(server)
    assert len(routes) >= 20
    for method, path in routes:
        if path in OPEN:
            continue
        _refused(_call(server, method, path, {}), 401, "unauthorized")
        _refused(_call(server, method, path, {wire.DEVICE_HEADER: "forged"}), 401)


def test_enroll_refuses_a_wrong_code_and_health_is_open(server: Server) -> None:
    assert server.client.get("/healthz").json() == {"status": "ok"}
    answer = server.post("/enroll", json={"code": "WRONG-CODE-0000", "workstation_name": "x"})
    _refused(answer, 401, "unauthorized")


def test_staff_routes_refuse_a_device_alone_and_a_staff_token_alone(server: Server) -> None:
    device = server.enroll()
    staff = server.login(device)
    staff_only = {"Authorization": staff["Authorization"]}
    for method, path in _routes(server):
        route = path.removeprefix(wire.API)
        if path in OPEN or route.startswith("/ingest"):
            continue
        _refused(_call(server, method, path, staff_only), 401, "unauthorized")
        if route not in DEVICE_ONLY:
            _refused(_call(server, method, path, device), 401, "unauthorized")


def test_a_clerk_is_forbidden_every_admin_route(server: Server) -> None:
    clerk = server.login(server.enroll())
    admin_routes = [(m, p) for m, p in _routes(server) if p.startswith(wire.API + "/admin")]
    assert len(admin_routes) >= 10
    for method, path in admin_routes:
        _refused(_call(server, method, path, clerk), 403, "forbidden")


def test_only_the_integration_account_ingests_and_it_does_nothing_else(server: Server) -> None:
    clerk = server.login(server.enroll())
    integration = server.enroll("city", kind="integration")
    for method, path in _routes(server):
        if path.startswith(wire.API + "/ingest"):
            _refused(_call(server, method, path, clerk), 403, "forbidden")
        elif path not in OPEN:
            _refused(_call(server, method, path, integration), 403, "forbidden")


def test_unknown_routes_and_methods_answer_error_bodies(server: Server) -> None:
    _refused(server.client.get("/nowhere"), 404, "not_found")
    _refused(server.client.get(wire.API + "/sync"), 404, "not_found")
    _refused(server.client.delete("/healthz"), 405)
    device = server.enroll()
    _refused(server.get("/sync/nothing", device), 404, "not_found")
    _refused(server.get("/sync/staff", device, limit=0), 422, "invalid")
