"""Every number and string a request carries is bounded, and out of bounds is a 422,
never a 500 (issue 17 item 3).

Before: a heartbeat whose ``outbox.depth`` passed 64 bits reached SQLite, which
cannot store it (``OverflowError``), and the simulator answered 500. Two checks,
both against a running simulator over HTTP:

* its OpenAPI documents (the terminals' and the back office's): every integer and
  number field of every request body has a minimum and a maximum, every string a
  length limit (or an enum, a date format, or a pattern that bounds it), so a field
  added later without bounds fails here;
* hypothesis posts huge, negative, infinite and not-a-number values into each
  numeric field of each route (and into the fields that take a date or a string),
  and every answer is 422 ``invalid_request``.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from platform_sim.server import RunningServer, start_in_thread
from tests.platform.helpers import backoffice, case_body, new_provisional, session

API = "/api/v1"


@pytest.fixture(scope="module")
def sim(store: str) -> Iterator[RunningServer]:
    running = start_in_thread(store, faults=True)  # the fault switch's body is checked too
    yield running
    running.stop()


# --------------------------------------------------------------------------- the schemas

#: an anchored pattern without unbounded repetition bounds its string
_UNBOUNDED_REPEAT = re.compile(r"[+*]|\{\d+,\}")


def _bounded_string(s: dict[str, Any]) -> bool:
    if "maxLength" in s or "enum" in s or "const" in s or s.get("format") in ("date", "date-time"):
        return True
    pattern = s.get("pattern", "")
    return bool(pattern) and all(
        part.startswith("^") and part.endswith("$") and not _UNBOUNDED_REPEAT.search(part)
        for part in pattern.split("|")
    )


def _unbounded(spec: dict[str, Any], schema: dict[str, Any], where: str) -> Iterator[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        yield from _unbounded(spec, spec["components"]["schemas"][name], where)
        return
    for alt in schema.get("anyOf", []) + schema.get("allOf", []) + schema.get("oneOf", []):
        yield from _unbounded(spec, alt, where)
    kind = schema.get("type")
    if kind in ("integer", "number"):
        if "maximum" not in schema or "minimum" not in schema:
            yield f"{where} ({kind})"
    elif kind == "string" and not _bounded_string(schema):
        yield f"{where} (string)"
    elif kind == "array":
        if "maxItems" not in schema:
            yield f"{where} (array)"
        yield from _unbounded(spec, schema.get("items", {}), where + "[]")
    elif kind == "object":
        for name, prop in schema.get("properties", {}).items():
            yield from _unbounded(spec, prop, f"{where}.{name}")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            yield from _unbounded(spec, extra, where + ".*")
        for key, value in schema.get("patternProperties", {}).items():
            yield from _unbounded(spec, value, f"{where}.<{key}>")
        if (extra or schema.get("patternProperties")) and "maxProperties" not in schema:
            yield f"{where} (object without maxProperties)"


def test_every_request_field_is_bounded_in_the_schemas(sim: RunningServer) -> None:
    terminal = requests.get(sim.url + "/openapi.json", timeout=5).json()
    back = backoffice().get(sim.url + API + "/backoffice/openapi.json", timeout=5).json()
    found, bodies = [], 0
    for spec in (terminal, back):
        for path, operations in spec["paths"].items():
            for method, op in operations.items():
                body = op.get("requestBody", {}).get("content", {}).get("application/json")
                if body is not None:
                    bodies += 1
                    found += list(_unbounded(spec, body["schema"], f"{method.upper()} {path}"))
    print(f"{bodies} request bodies checked")
    assert bodies >= 10
    assert not found, "unbounded request fields:\n" + "\n".join(found)


# --------------------------------------------------------------------------- the routes

Body = dict[str, Any]


def _heartbeat() -> Body:
    return {"outbox": {"depth": 0, "oldest_age_s": 1.0}, "config_version": 0}


def _event() -> Body:
    return {"event_id": uuid.uuid4().hex, "kind": "materials_deposited", "at": "2026-01-01T00:00"}


def _case() -> Body:
    body = case_body(new_provisional())
    body["pages"][0].update(width=10, height=10)
    return body


HEARTBEAT = ("POST", "/terminals/BJTZ-0001/heartbeat", "t", _heartbeat)
CASE = ("POST", "/cases", "t", _case)
PUSH = ("PUT", "/backoffice/terminals/BJTZ-0001/config", "b", dict)
FAULT = ("PUT", "/backoffice/faults", "b", lambda: {"mode": "none"})
Route = tuple[str, str, str, Callable[[], Body]]

#: (route: method, path, token, a valid body), the field to spoil
ROUTES: list[tuple[Route, tuple[str | int, ...]]] = [
    (HEARTBEAT, ("outbox", "depth")),
    (HEARTBEAT, ("outbox", "oldest_age_s")),
    (HEARTBEAT, ("config_version",)),
    (CASE, ("pages", 0, "width")),
    (CASE, ("pages", 0, "height")),
    (CASE, ("created_at",)),
    (("POST", "/cases/CASE-20000101-000001/events", "t", _event), ("at",)),
    (("POST", "/pickup/verify", "t", lambda: {"code": "000000"}), ("code",)),
    (PUSH, ("idle_timeout_s",)),
    (PUSH, ("idle_warning_s",)),
    (FAULT, ("status",)),
    (FAULT, ("hang_s",)),
    (FAULT, ("times",)),
]

HUGE = st.one_of(
    st.integers(min_value=2**63, max_value=2**200),
    st.integers(min_value=-(2**200), max_value=-(2**63)),
    st.sampled_from([10**30, -(10**30), 2**64, 2**63]),
)
#: what Python's json reads from a hostile body: 1e400 is inf, NaN is accepted
SPECIAL = st.sampled_from(["1e400", "-1e400", "NaN", "Infinity", "1e308"])


def _post(sim: RunningServer, route: int, spoil: Callable[[str], str]) -> requests.Response:
    (method, path, who, make), field = ROUTES[route]
    body = copy.deepcopy(make())
    target: Any = body
    for key in field[:-1]:
        target = target[key]
    target[field[-1]] = "__SPOILED__"
    raw = spoil(json.dumps(body))
    s = session() if who == "t" else backoffice()
    headers = {"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex}
    return s.request(method, sim.url + API + path, data=raw.encode(), headers=headers, timeout=10)


COUNT = {"requests": 0}


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(route=st.integers(0, len(ROUTES) - 1), value=st.one_of(HUGE, SPECIAL))
def test_out_of_range_numbers_are_422_never_500(
    sim: RunningServer, route: int, value: int | str
) -> None:
    literal = str(value)
    resp = _post(sim, route, lambda raw: raw.replace('"__SPOILED__"', literal))
    COUNT["requests"] += 1
    where = ROUTES[route][0][1], ROUTES[route][1]
    assert resp.status_code == 422, (where, literal[:40], resp.status_code, resp.text)
    assert resp.json()["error"] == "invalid_request"


def test_fuzz_count(sim: RunningServer) -> None:
    # runs after the fuzz test in file order: say how many requests it made
    print(f"{COUNT['requests']} out-of-range requests, all 422")


def test_a_huge_heartbeat_is_422_and_the_terminal_goes_on(sim: RunningServer) -> None:
    url = f"{sim.url}{API}/terminals/BJTZ-0001/heartbeat"
    huge = session().post(url, json={"outbox": {"depth": 2**64}}, timeout=5)
    assert huge.status_code == 422, huge.text
    # the refusal names the field, never echoes the value
    assert "depth" in huge.json()["message"]["en"] and str(2**64) not in huge.text
    assert session().post(url, json={"outbox": {"depth": 3}}, timeout=5).status_code == 200
