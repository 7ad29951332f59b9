"""API de dados (/api/data/points e /api/data/latest) contra o banco real, com os papéis reais.

Corretude: cada série agregada é comparada com um `time_bucket` direto em `ts_measure` (papel dono), depois
de um refresh dos rollups, inclusive em fusos com horário de verão e com deslocamento de meia hora.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from psycopg import sql
from rest_framework.test import APIClient

from apps.timeseries.tests.conftest import Device, Row
from contracts.api import LatestResponse, SeriesResponse

URL = "/api/data/points"
LATEST = "/api/data/latest"

# Três dias e meio em volta da mudança para o horário de verão europeu (29/03/2026, dia de 23 h).
BERLIN_START = datetime(2026, 3, 27, 20, 0, tzinfo=UTC)
BERLIN_END = datetime(2026, 3, 31, 4, 0, tzinfo=UTC)
# Início do horário de verão em São Paulo em 04/11/2018: a meia-noite local não existiu.
SAO_PAULO_START = datetime(2018, 11, 2, 12, 0, tzinfo=UTC)
SAO_PAULO_END = datetime(2018, 11, 6, 12, 0, tzinfo=UTC)

DIRECT_SQL = """
    SELECT point_id, time_bucket(%(width)s, ts, %(tz)s) AS b, avg(v_num), min(v_num), max(v_num), count(v_num),
           last(v_num, ts)
    FROM public.ts_measure
    WHERE tenant_id = %(tenant)s AND device_id = %(device)s AND ts >= %(lo)s AND ts < %(hi)s AND v_num IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
"""
WIDTHS = {"1m": "1 minute", "5m": "5 minutes", "15m": "15 minutes", "1h": "1 hour", "1d": "1 day"}


def _iso(ts: datetime) -> str:
    return ts.isoformat()


def _get(client: APIClient, url: str, **params: Any) -> Any:
    return client.get(url, params)


def _numeric_rows(start: datetime, end: datetime, step_s: int, seed: int) -> list[tuple[str, datetime, Any]]:
    rng = random.Random(seed)
    rows: list[tuple[str, datetime, Any]] = []
    ts = start
    while ts < end:
        rows.append(("temp_agua", ts, round(rng.uniform(-10, 90), 3)))
        rows.append(("rpm", ts, rng.randint(0, 3000)))
        ts += timedelta(seconds=step_s)
    return rows


def _direct(owner_url: str, device: Device, width: str, tz: str, lo: datetime, hi: datetime) -> list[tuple[Any, ...]]:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            DIRECT_SQL,
            {"width": width, "tz": tz, "tenant": device.tenant_id, "device": device.device_id, "lo": lo, "hi": hi},
        ).fetchall()


def _as_rows(body: dict[str, Any]) -> list[tuple[Any, ...]]:
    out = []
    for s in body["series"]:
        for d in s["data"]:
            ts = datetime.fromisoformat(d["ts"])
            out.append((uuid.UUID(s["point"]), ts, d["avg"], d["min"], d["max"], d["count"], d["last"]))
    return sorted(out, key=lambda r: (str(r[0]), r[1]))


def _assert_same(got: list[tuple[Any, ...]], want: list[tuple[Any, ...]]) -> None:
    want = sorted(want, key=lambda r: (str(r[0]), r[1]))
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g[0] == w[0]
        assert g[1] == w[1]
        assert g[5] == w[5]
        for a, b in zip(g[2:5] + g[6:], w[2:5] + w[6:], strict=True):
            assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (g, w)


@pytest.fixture
def berlin_device(
    make_device: Callable[..., Device], write_telemetry: Callable[..., None], refresh_rollups: Callable[[], None]
) -> Device:
    device = make_device("alpha")
    write_telemetry(device, _numeric_rows(BERLIN_START, BERLIN_END, 60, seed=1))
    refresh_rollups()
    return device


@pytest.mark.parametrize(
    ("agg", "tz", "start", "end"),
    [
        ("1m", "UTC", datetime(2026, 3, 28, 10, 0, 30, tzinfo=UTC), datetime(2026, 3, 28, 16, 0, tzinfo=UTC)),
        ("5m", "UTC", datetime(2026, 3, 28, 0, 3, tzinfo=UTC), datetime(2026, 3, 29, 0, 0, tzinfo=UTC)),
        ("15m", "Asia/Kolkata", datetime(2026, 3, 28, 0, 0, tzinfo=UTC), datetime(2026, 3, 30, 0, 0, tzinfo=UTC)),
        ("1h", "UTC", BERLIN_START, BERLIN_END),
        ("1h", "Europe/Berlin", BERLIN_START, BERLIN_END),
        ("1h", "Asia/Kolkata", BERLIN_START, BERLIN_END),
        ("1d", "UTC", BERLIN_START, BERLIN_END),
        ("1d", "Europe/Berlin", BERLIN_START, BERLIN_END),
        ("1d", "Asia/Kolkata", BERLIN_START, BERLIN_END),
    ],
)
def test_aggregates_match_direct_time_bucket(
    berlin_device: Device,
    client_for: Callable[[str, str], APIClient],
    owner_url: str,
    agg: str,
    tz: str,
    start: datetime,
    end: datetime,
) -> None:
    client = client_for("alpha-viewer", "alpha")
    resp = _get(
        client,
        URL,
        device=berlin_device.device_id,
        point="temp_agua,rpm",
        agg=agg,
        tz=tz,
        **{"from": _iso(start), "to": _iso(end)},
    )
    assert resp.status_code == 200, resp.content
    body = resp.json()
    lo, hi = datetime.fromisoformat(body["buckets_from"]), datetime.fromisoformat(body["buckets_to"])
    # O intervalo expandido começa no bucket que contém `from` e termina no fim do bucket que contém `to`.
    assert lo <= start < lo + timedelta(days=1)
    assert end <= hi
    want = _direct(owner_url, berlin_device, WIDTHS[agg], tz if agg in {"1h", "1d"} else "UTC", lo, hi)
    got = _as_rows(body)
    assert got, "a série não pode vir vazia"
    _assert_same(got, want)
    # Timestamps no fuso pedido.
    first_ts = datetime.fromisoformat(body["series"][0]["data"][0]["ts"])
    assert first_ts.utcoffset() == first_ts.astimezone(ZoneInfo(tz)).utcoffset()


def test_daily_buckets_follow_local_days_across_dst(
    berlin_device: Device, client_for: Callable[[str, str], APIClient]
) -> None:
    client = client_for("alpha-viewer", "alpha")
    resp = _get(
        client,
        URL,
        device=berlin_device.device_id,
        point="temp_agua",
        agg="1d",
        tz="Europe/Berlin",
        **{"from": "2026-03-28T00:00:00+01:00", "to": "2026-03-31T00:00:00+02:00"},
    )
    assert resp.status_code == 200, resp.content
    data = resp.json()["series"][0]["data"]
    assert [d["ts"] for d in data] == [
        "2026-03-28T00:00:00+01:00",
        "2026-03-29T00:00:00+01:00",
        "2026-03-30T00:00:00+02:00",
    ]
    # Uma amostra por minuto: o dia da mudança tem 23 horas locais.
    assert [d["count"] for d in data] == [24 * 60, 23 * 60, 24 * 60]


def test_daily_buckets_sao_paulo_midnight_dst_and_half_hour_zone(
    make_device: Callable[..., Device],
    write_telemetry: Callable[..., None],
    refresh_rollups: Callable[[], None],
    client_for: Callable[[str, str], APIClient],
    owner_url: str,
) -> None:
    device = make_device("alpha")
    write_telemetry(device, _numeric_rows(SAO_PAULO_START, SAO_PAULO_END, 120, seed=2))
    refresh_rollups()
    client = client_for("alpha-admin", "alpha")
    for tz in ("America/Sao_Paulo", "Asia/Kolkata"):
        resp = _get(
            client,
            URL,
            device=device.device_id,
            point=str(device.points["temp_agua"]),
            agg="1d",
            tz=tz,
            **{"from": _iso(SAO_PAULO_START), "to": _iso(SAO_PAULO_END)},
        )
        assert resp.status_code == 200, resp.content
        body = resp.json()
        lo, hi = datetime.fromisoformat(body["buckets_from"]), datetime.fromisoformat(body["buckets_to"])
        want = [r for r in _direct(owner_url, device, "1 day", tz, lo, hi) if r[0] == device.points["temp_agua"]]
        _assert_same(_as_rows(body), want)
    # 04/11/2018 em São Paulo começou às 01:00 (-02): o dia local tem 23 h e começa às 03:00 UTC.
    sp = _get(
        client,
        URL,
        device=device.device_id,
        point="temp_agua",
        agg="1d",
        tz="America/Sao_Paulo",
        **{"from": "2018-11-04T12:00:00-02:00", "to": "2018-11-04T13:00:00-02:00"},
    ).json()
    (day,) = sp["series"][0]["data"]
    assert day["ts"] == "2018-11-04T01:00:00-02:00"
    assert day["count"] == 23 * 30


def test_aggregates_come_from_rollups_not_raw(
    make_device: Callable[..., Device],
    write_telemetry: Callable[..., None],
    refresh_rollups: Callable[[], None],
    client_for: Callable[[str, str], APIClient],
) -> None:
    """Linhas gravadas sem anotar o intervalo nunca entram nos rollups: o agregado histórico não as vê (prova
    de que não há varredura do bruto), mas `raw` sim."""
    device = make_device("alpha")
    start = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    write_telemetry(device, [("temp_agua", start + timedelta(seconds=10 * i), float(i)) for i in range(30)], note=False)
    refresh_rollups()
    client = client_for("alpha-viewer", "alpha")
    params = {
        "device": device.device_id,
        "point": "temp_agua",
        "from": _iso(start),
        "to": _iso(start + timedelta(hours=1)),
    }
    for level in ("1m", "5m", "15m", "1h", "1d"):
        agg = _get(client, URL, agg=level, **params).json()
        assert agg["series"][0]["data"] == [], level
    raw = _get(client, URL, agg="raw", **params).json()
    assert [d["value"] for d in raw["series"][0]["data"]] == [float(i) for i in range(30)]
    assert raw["series"][0]["data"][0]["ts"] == "2026-05-04T10:00:00Z"


def test_coarse_aggregates_are_served_by_the_coarsest_rollup(
    make_device: Callable[..., Device],
    write_telemetry: Callable[..., None],
    refresh_rollups: Callable[[], None],
    client_for: Callable[[str, str], APIClient],
    owner_url: str,
) -> None:
    """5m e 15m saem dos rollups de mesma largura, 1h do de 1 h e 1d (UTC) do de 1 dia, não do 1m (issue 16):
    depois de apagar o 1m deste dispositivo, eles continuam completos e iguais ao time_bucket direto; o 1m fica
    vazio."""
    device = make_device("alpha")
    start = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
    end = start + timedelta(days=2)
    write_telemetry(device, _numeric_rows(start, end, 300, seed=5))
    refresh_rollups()
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM public.ts_measure_1m WHERE device_id = %s", [device.device_id])
    client = client_for("alpha-viewer", "alpha")
    params = {"device": str(device.device_id), "point": "temp_agua", "from": _iso(start), "to": _iso(end)}
    assert _get(client, URL, agg="1m", **params).json()["series"][0]["data"] == []
    for agg, width, buckets in (
        ("5m", "5 minutes", 576),
        ("15m", "15 minutes", 192),
        ("1h", "1 hour", 48),
        ("1d", "1 day", 2),
    ):
        body = _get(client, URL, agg=agg, **params).json()
        lo, hi = datetime.fromisoformat(body["buckets_from"]), datetime.fromisoformat(body["buckets_to"])
        want = [r for r in _direct(owner_url, device, width, "UTC", lo, hi) if r[0] == device.points["temp_agua"]]
        got = _as_rows(body)
        assert len(got) == buckets, agg
        _assert_same(got, want)


def test_recent_tail_is_served_from_raw_before_refresh(
    make_device: Callable[..., Device],
    write_telemetry: Callable[..., None],
    client_for: Callable[[str, str], APIClient],
    owner_url: str,
    settings: Any,
) -> None:
    # Cauda larga para o teste não depender de relógio: tudo dos últimos 30 min sai do bruto.
    settings.TS_DATA_RAW_TAIL_SECONDS = 1800
    device = make_device("alpha")
    now = datetime.now(UTC).replace(microsecond=0)
    rows = [("temp_agua", now - timedelta(minutes=10) + timedelta(seconds=15 * i), float(i)) for i in range(40)]
    write_telemetry(device, rows)  # anotado, mas sem refresh: os rollups ainda não têm estes minutos
    client = client_for("alpha-viewer", "alpha")
    for agg, width in (
        ("1m", "1 minute"),
        ("5m", "5 minutes"),
        ("15m", "15 minutes"),
        ("1h", "1 hour"),
        ("1d", "1 day"),
    ):
        body = _get(
            client,
            URL,
            device=device.device_id,
            point="temp_agua",
            agg=agg,
            **{"from": _iso(now - timedelta(minutes=20)), "to": _iso(now + timedelta(minutes=1))},
        ).json()
        lo, hi = datetime.fromisoformat(body["buckets_from"]), datetime.fromisoformat(body["buckets_to"])
        want = [r for r in _direct(owner_url, device, width, "UTC", lo, hi) if r[0] == device.points["temp_agua"]]
        got = _as_rows(body)
        assert sum(r[5] for r in got) == 40
        _assert_same(got, want)


def test_state_points_are_served_as_changes(
    make_device: Callable[..., Device],
    write_telemetry: Callable[..., None],
    client_for: Callable[[str, str], APIClient],
) -> None:
    device = make_device("alpha")
    t0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    m = timedelta(minutes=1)
    rows = [
        ("compressor_1_on", t0 - 10 * m, True),  # estado vigente em `from`
        ("compressor_1_on", t0 + 1 * m, True),
        ("compressor_1_on", t0 + 2 * m, False),
        ("compressor_1_on", t0 + 3 * m, False),
        ("compressor_1_on", t0 + 4 * m, True),
        ("compressor_1_on", t0 + 90 * m, False),  # fora do intervalo
        ("device_state", t0 + 1 * m, "RUN"),
        ("device_state", t0 + 2 * m, "RUN"),
        ("device_state", t0 + 5 * m, "FAULT"),
        ("device_state", t0 + 6 * m, 0),  # enum gravado pelo índice: STOP
        ("temp_agua", t0 + 1 * m, 7.5),
    ]
    write_telemetry(device, rows)
    client = client_for("alpha-viewer", "alpha")
    body = _get(
        client,
        URL,
        device=device.device_id,
        point=["compressor_1_on", "device_state", "temp_agua"],
        agg="raw",
        **{"from": _iso(t0), "to": _iso(t0 + 60 * m)},
    ).json()
    SeriesResponse.model_validate(body)  # a resposta é o DTO do contrato (contracts.api)
    by_name = {s["name"]: s for s in body["series"]}
    assert by_name["compressor_1_on"]["kind"] == "state"
    assert [(d["ts"], d["value"]) for d in by_name["compressor_1_on"]["data"]] == [
        ("2026-06-01T11:50:00Z", True),
        ("2026-06-01T12:02:00Z", False),
        ("2026-06-01T12:04:00Z", True),
    ]
    assert [(d["ts"], d["value"]) for d in by_name["device_state"]["data"]] == [
        ("2026-06-01T12:01:00Z", "RUN"),
        ("2026-06-01T12:05:00Z", "FAULT"),
        ("2026-06-01T12:06:00Z", "STOP"),
    ]
    assert by_name["temp_agua"]["kind"] == "numeric"
    assert by_name["temp_agua"]["data"] == [{"ts": "2026-06-01T12:01:00Z", "value": 7.5}]
    # Com agg agregado, estados continuam como mudanças (o agg só vale para numéricos).
    agg = _get(
        client,
        URL,
        device=device.device_id,
        point="compressor_1_on",
        agg="1h",
        **{"from": _iso(t0), "to": _iso(t0 + 60 * m)},
    ).json()
    SeriesResponse.model_validate(agg)
    assert len(agg["series"][0]["data"]) == 3


def test_latest_values_and_connectivity(
    make_device: Callable[..., Device],
    write_telemetry: Callable[..., None],
    client_for: Callable[[str, str], APIClient],
    owner_url: str,
) -> None:
    device = make_device("alpha")
    t0 = datetime(2026, 6, 2, 0, 0, tzinfo=UTC)
    rows: list[Row] = [("temp_agua", t0 + timedelta(hours=h), float(h)) for h in range(72)]
    rows += [("compressor_1_on", t0 + timedelta(hours=h), h % 2 == 0) for h in range(5)]
    rows += [("device_state", t0, "FAULT")]
    write_telemetry(device, rows)
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO public.device_status (tenant_id, device_id, online, last_seen) VALUES (%s, %s, true, %s)",
            [device.tenant_id, device.device_id, t0 + timedelta(hours=80)],
        )
    client = client_for("alpha-viewer", "alpha")
    body = client.get(LATEST, {"device": str(device.device_id)}).json()
    LatestResponse.model_validate(body)  # a resposta é o DTO do contrato (contracts.api)
    assert body["connectivity"] == {"online": True, "last_seen": "2026-06-05T08:00:00Z", "known": True}
    values = {p["name"]: (p["ts"], p["value"]) for p in body["points"]}
    assert values == {
        "temp_agua": ("2026-06-04T23:00:00Z", 71.0),
        "compressor_1_on": ("2026-06-02T04:00:00Z", True),
        "device_state": ("2026-06-02T00:00:00Z", "FAULT"),
        "rpm": (None, None),
    }
    # Dispositivo que nunca publicou state.
    other = make_device("alpha")
    assert client.get(LATEST, {"device": str(other.device_id)}).json()["connectivity"] == {
        "online": False,
        "last_seen": None,
        "known": False,
    }


def _plan_nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [plan]
    for child in plan.get("Plans", []):
        nodes.extend(_plan_nodes(child))
    return nodes


def test_latest_lookup_reads_one_row_per_point_without_scanning_history(
    make_device: Callable[..., Device], write_telemetry: Callable[..., None], owner_url: str
) -> None:
    """EXPLAIN ANALYZE do corpo real da função (lido do catálogo): sem varredura sequencial nem ordenação, e os
    scans de índice nos chunks leem no total uma linha por ponto, embora haja 5 dias (5 chunks) de histórico."""
    device = make_device("alpha")
    t0 = datetime(2026, 7, 1, tzinfo=UTC)
    write_telemetry(
        device,
        [(name, t0 + timedelta(minutes=5 * i), float(i)) for i in range(5 * 288) for name in ("temp_agua", "rpm")],
    )
    points = [device.points["temp_agua"], device.points["rpm"]]
    with psycopg.connect(owner_url) as conn, conn.transaction():
        source = conn.execute(
            "SELECT prosrc FROM pg_proc "
            "WHERE proname = 'tenant_ts_last_before' AND pronamespace = 'public'::regnamespace"
        ).fetchone()
        assert source is not None
        body = source[0]
        for name, pos in (("p_device", "$1"), ("p_points", "$2"), ("p_before", "$3")):
            body = body.replace(name, pos)
        conn.execute(f"PREPARE last_before(uuid, uuid[], timestamptz) AS {body}")
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(device.tenant_id)])
        for before in ("infinity", "2026-07-04T00:00:00Z"):
            # EXECUTE não infere tipos de parâmetros: valores entram como literais.
            stmt = sql.SQL("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE last_before({}, {}, {}::timestamptz)").format(
                sql.Literal(device.device_id), sql.Literal(points), sql.Literal(before)
            )
            explained = conn.execute(stmt).fetchone()
            assert explained is not None
            plan = explained[0][0]["Plan"]
            nodes = _plan_nodes(plan)
            types = {n["Node Type"] for n in nodes}
            assert "Seq Scan" not in types
            assert "Sort" not in types
            chunk_scans = [n for n in nodes if n.get("Relation Name", "").startswith("_hyper_")]
            assert chunk_scans, types
            assert all("Index" in n["Node Type"] for n in chunk_scans)
            assert sum(n["Actual Rows"] * n["Actual Loops"] for n in chunk_scans) == len(points)
        conn.execute("DEALLOCATE last_before")


def test_last_before_function_is_tenant_scoped(
    make_device: Callable[..., Device], write_telemetry: Callable[..., None], api_url: str
) -> None:
    """A função SECURITY DEFINER respeita o tenant da transação, como as views: sem tenant ou com outro, nada."""
    device = make_device("alpha")
    write_telemetry(device, [("temp_agua", datetime(2026, 7, 9, tzinfo=UTC), 1.0)])
    beta = make_device("beta")
    args = [device.device_id, [device.points["temp_agua"]]]
    sql = "SELECT count(*) FROM public.tenant_ts_last_before(%s, %s, 'infinity')"
    with psycopg.connect(api_url) as conn:
        with conn.transaction():
            assert conn.execute(sql, args).fetchone() == (0,)
        with conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(beta.tenant_id)])
            assert conn.execute(sql, args).fetchone() == (0,)
        with conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(device.tenant_id)])
            assert conn.execute(sql, args).fetchone() == (1,)


def test_request_path_is_pinned_to_few_statements(
    make_device: Callable[..., Device],
    write_telemetry: Callable[..., None],
    refresh_rollups: Callable[[], None],
    client_for: Callable[[str, str], APIClient],
) -> None:
    """Comandos SQL de uma requisição (issue 16), fixados: token com papel, tenant na transação, dispositivo e pontos
    numa consulta, e só então os dados. Agregado em UTC não troca o TimeZone (limites e fuso numa ida só)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    device = make_device("alpha")
    start = datetime(2026, 7, 1, 0, 0, tzinfo=UTC)
    write_telemetry(device, _numeric_rows(start, start + timedelta(hours=2), 60, seed=3))
    refresh_rollups()
    client = client_for("alpha-viewer", "alpha")
    base = {
        "device": device.device_id,
        "point": "temp_agua,rpm",
        "from": _iso(start),
        "to": _iso(start + timedelta(hours=1)),
    }
    assert _get(client, URL, agg="raw", **base).status_code == 200  # aquece o cache do tenant

    def statements(**params: Any) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            resp = _get(client, URL, **base, **params)
        assert resp.status_code == 200, resp.content
        return [" ".join(q["sql"].split()) for q in captured.captured_queries if not q["sql"].startswith("SAVEPOINT")]

    def shape(sql_list: list[str]) -> list[str]:
        kinds = []
        for q in sql_list:
            if q.startswith("SET search_path") or q.startswith("RELEASE SAVEPOINT"):
                continue
            if "core_apitoken" in q:
                kinds.append("token+papel")
            elif "set_config('app.tenant_id'" in q:
                kinds.append("tenant")
            elif "registry_point_route" in q:
                assert "registry_device_route" in q, q  # pontos filtrados pelo tenant do dispositivo
                kinds.append("dispositivo+pontos")
            elif "set_config('TimeZone'" in q and "time_bucket" not in q:
                kinds.append("fuso")
            elif "time_bucket" in q and "AS tail_m" in q:
                kinds.append("limites")
            else:
                kinds.append("dados")
        return kinds

    assert shape(statements(agg="raw")) == ["token+papel", "tenant", "dispositivo+pontos", "dados"]
    assert shape(statements(agg="5m")) == ["token+papel", "tenant", "dispositivo+pontos", "limites", "dados"]
    # Fora de UTC, uma volta ao fuso da sessão depois dos dados (o Django lê timestamptz supondo UTC).
    assert shape(statements(agg="1h", tz="America/Sao_Paulo")) == [
        "token+papel",
        "tenant",
        "dispositivo+pontos",
        "limites",
        "dados",
        "fuso",
    ]
