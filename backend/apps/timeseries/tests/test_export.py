"""`GET /api/data/export` (CSV e Parquet em streaming) contra o banco real, com os papéis reais.

Corretude: o arquivo lido de volta é igual ao que `/api/data/points` devolve para os mesmos parâmetros (bruto,
agregado e pontos de estado). Memória: num export grande, o pico de memória Python (tracemalloc) e o do pool
do Arrow enquanto o corpo é consumido ficam muito abaixo do tamanho do arquivo — falha se o export montar o
intervalo inteiro antes de enviar.
"""

from __future__ import annotations

import csv
import io
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.http import StreamingHttpResponse
from rest_framework.test import APIClient

from apps.timeseries.tests.conftest import Device

URL = "/api/data/export"
POINTS = "/api/data/points"
T0 = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def _body(response: Any) -> bytes:
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    assert response.streaming
    return b"".join(response.streaming_content)


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def _parquet_rows(data: bytes) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(pa.BufferReader(data)).to_pylist()
    return rows


def _state(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _expected(client: APIClient, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """As linhas que o export deve ter, a partir da resposta JSON de /api/data/points."""
    response = client.get(POINTS, params)
    assert response.status_code == 200, response.content
    out = []
    for series in response.json()["series"]:
        for d in series["data"]:
            ts = datetime.fromisoformat(d["ts"])
            if series["kind"] == "state":
                out.append((series["name"], ts, ("state", _state(d["value"]))))
            elif params["agg"] == "raw":
                out.append((series["name"], ts, ("value", d["value"])))
            else:
                out.append((series["name"], ts, tuple(d[k] for k in ("avg", "min", "max", "count", "last"))))
    return out


def _from_csv(rows: list[dict[str, str]], agg: str) -> list[tuple[Any, ...]]:
    def num(text: str) -> float | None:
        return None if text == "" else float(text)

    out: list[tuple[Any, ...]] = []
    for r in rows:
        ts = datetime.fromisoformat(r["ts"])
        if r["state"]:
            out.append((r["point"], ts, ("state", r["state"])))
        elif agg == "raw":
            out.append((r["point"], ts, ("value", float(r["value"]))))
        else:
            out.append((r["point"], ts, (num(r["avg"]), num(r["min"]), num(r["max"]), int(r["count"]), num(r["last"]))))
    return out


def _from_parquet(rows: list[dict[str, Any]], agg: str) -> list[tuple[Any, ...]]:
    out = []
    for r in rows:
        if r["state"] is not None:
            out.append((r["point"], r["ts"], ("state", r["state"])))
        elif agg == "raw":
            out.append((r["point"], r["ts"], ("value", r["value"])))
        else:
            out.append((r["point"], r["ts"], tuple(r[k] for k in ("avg", "min", "max", "count", "last"))))
    return out


def _approx(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Médias vêm de somas em ponto flutuante: compara com 12 dígitos."""

    def norm(v: Any) -> Any:
        return round(v, 9) if isinstance(v, float) else v

    return [(p, ts, tuple(norm(v) for v in vals)) for p, ts, vals in rows]


def _telemetry(step_s: int, hours: float) -> list[tuple[str, datetime, Any]]:
    rows: list[tuple[str, datetime, Any]] = []
    for i in range(int(hours * 3600 / step_s)):
        ts = T0 + timedelta(seconds=i * step_s)
        rows.append(("temp_agua", ts, round(20 + (i % 37) * 0.25, 3)))
        rows.append(("rpm", ts, 1000 + i % 500))
    rows += [
        ("compressor_1_on", T0 - timedelta(minutes=5), True),  # estado vigente em `from`
        ("compressor_1_on", T0 + timedelta(minutes=30), False),
        ("device_state", T0 + timedelta(minutes=1), "RUN"),
        ("device_state", T0 + timedelta(minutes=2), "RUN"),
        ("device_state", T0 + timedelta(minutes=40), 2),  # enum gravado pelo índice: FAULT
    ]
    return rows


@pytest.mark.parametrize(("agg", "tz"), [("raw", "UTC"), ("5m", "UTC"), ("1h", "America/Sao_Paulo")])
def test_csv_and_parquet_read_back_equal_to_points_api(
    make_device: Callable[..., Device],
    write_telemetry: Callable[..., None],
    refresh_rollups: Callable[[], None],
    client_for: Callable[[str, str], APIClient],
    agg: str,
    tz: str,
) -> None:
    device = make_device()
    write_telemetry(device, _telemetry(step_s=10, hours=3))
    refresh_rollups()
    client = client_for("alpha-viewer", "alpha")
    params = {
        "device": str(device.device_id),
        "point": "temp_agua,rpm,compressor_1_on,device_state",
        "from": (T0 - timedelta(minutes=1)).isoformat(),
        "to": (T0 + timedelta(hours=2, minutes=7)).isoformat(),
        "agg": agg,
        "tz": tz,
    }
    expected = _expected(client, params)
    assert len(expected) >= 8

    response = client.get(URL, {**params, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert _approx(_from_csv(_csv_rows(_body(response)), agg)) == _approx(expected)

    response = client.get(URL, {**params, "format": "parquet"})
    assert response["Content-Type"] == "application/vnd.apache.parquet"
    assert _approx(_from_parquet(_parquet_rows(_body(response)), agg)) == _approx(expected)


def test_export_is_tenant_isolated(
    make_device: Callable[..., Device],
    write_telemetry: Callable[..., None],
    client_for: Callable[[str, str], APIClient],
) -> None:
    beta = make_device("beta")
    write_telemetry(beta, [("temp_agua", T0, 1.0)])
    params = {
        "device": str(beta.device_id),
        "point": "temp_agua",
        "from": T0.isoformat(),
        "to": (T0 + timedelta(hours=1)).isoformat(),
        "agg": "raw",
    }
    # Dispositivo de outro tenant: 404 problem+json, antes de qualquer byte de arquivo.
    response = client_for("alpha-admin", "alpha").get(URL, params)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    # Ponto de outro tenant num dispositivo próprio: 404 também.
    mine = make_device("alpha")
    response = client_for("alpha-admin", "alpha").get(
        URL, {**params, "device": str(mine.device_id), "point": str(beta.points["temp_agua"])}
    )
    assert response.status_code == 404
    # Usuário do alpha apontando o tenant beta: sem papel lá.
    intruder = client_for("alpha-viewer", "beta")
    assert intruder.get(URL, params).status_code == 403
    # O dono lê.
    rows = _csv_rows(_body(client_for("beta-viewer", "beta").get(URL, params)))
    assert [(r["point"], float(r["value"])) for r in rows] == [("temp_agua", 1.0)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"to": (T0 + timedelta(days=32)).isoformat()}, "to"),  # bruto: máximo 31 dias
        ({"agg": "1m", "to": (T0 + timedelta(days=32)).isoformat()}, "to"),
        ({"agg": "1h", "point": "device_state", "to": (T0 + timedelta(days=40)).isoformat()}, "to"),
        ({"format": "xlsx"}, "format"),
        ({"point": ",".join(str(uuid.uuid4()) for _ in range(101))}, "point"),
        ({"to": (T0 - timedelta(hours=1)).isoformat()}, "to"),
    ],
)
def test_export_limits_are_clear_400(
    make_device: Callable[..., Device],
    client_for: Callable[[str, str], APIClient],
    change: dict[str, str],
    field: str,
) -> None:
    device = make_device()
    params = {"device": str(device.device_id), "point": "temp_agua", "from": T0.isoformat(), "agg": "raw"}
    params |= {"to": (T0 + timedelta(hours=1)).isoformat()} | change
    response = client_for("alpha-viewer", "alpha").get(URL, params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "validation_error"
    assert field in {e["field"] for e in body["errors"]}, body


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_large_export_streams_with_bounded_memory(
    make_device: Callable[..., Device],
    write_telemetry: Callable[..., None],
    client_for: Callable[[str, str], APIClient],
    fmt: str,
) -> None:
    """~260 mil amostras: o pico de memória ao servir fica bem abaixo do tamanho dos dados exportados."""
    device = make_device(points={"a": ("float", "", []), "b": ("float", "", []), "c": ("float", "", [])})
    hours = 24
    rows = [
        (name, T0 + timedelta(seconds=i), i * 0.5 + k)
        for i in range(hours * 3600)
        for k, name in enumerate(("a", "b", "c"))
    ]
    write_telemetry(device, rows, note=False)
    del rows
    client = client_for("alpha-viewer", "alpha")
    params = {
        "device": str(device.device_id),
        "point": "a,b,c",
        "from": T0.isoformat(),
        "to": (T0 + timedelta(hours=hours)).isoformat(),
        "agg": "raw",
        "format": fmt,
    }
    response = client.get(URL, params)
    assert response.status_code == 200
    pool = pa.default_memory_pool()
    arrow_base = pool.bytes_allocated()
    arrow_peak = 0
    size = chunks = lines = 0
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        tail = b""
        for chunk in cast(Iterator[bytes], cast(StreamingHttpResponse, response).streaming_content):
            size += len(chunk)
            chunks += 1
            arrow_peak = max(arrow_peak, pool.bytes_allocated() - arrow_base)
            if fmt == "csv":
                lines += chunk.count(b"\n")
            else:
                tail = (tail + chunk)[-8:]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    python_peak = peak - base
    samples = hours * 3600 * 3
    # Referência: o volume dos dados exportados como CSV (cada linha tem ≥ 60 bytes: uuid, nome, ts e valor).
    # O Parquet comprime, então o tamanho do arquivo dele não serve de régua.
    data_size = size if fmt == "csv" else samples * 60
    if fmt == "csv":
        assert lines == samples + 1  # cabeçalho + uma linha por amostra
        assert size > samples * 60
    else:
        assert tail.endswith(b"PAR1")  # rodapé do Parquet: arquivo completo
    assert chunks > 10, "o corpo precisa sair em vários pedaços, não de uma vez"
    # Bufferizar o intervalo inteiro custaria no mínimo `data_size` (o texto) e, em objetos Python, várias vezes
    # isso; em streaming o pico é de um lote (ITERSIZE linhas).
    assert python_peak < data_size / 5, (python_peak, data_size)
    assert arrow_peak < data_size / 5, (arrow_peak, data_size)
