"""Export de séries (`GET /api/data/export`) em CSV ou Parquet, em streaming.

Nada do intervalo inteiro fica em memória: cada ponto é lido por um cursor do servidor (`itersize` linhas por
ida ao banco) e cada lote vira um pedaço do CSV ou um row group do Parquet, entregue ao cliente antes do próximo.
O corpo é gerado DEPOIS que a view retornou (StreamingHttpResponse), fora da transação do request: o gerador
abre a sua, fixa o tenant nela (ADR-001) e a encerra no fim ou quando o cliente desiste no meio.

Mesmas regras de `/api/data/points` (as mesmas consultas de `apps.timeseries.queries`): numéricos brutos
(`agg=raw`) ou agregados por bucket (`avg`, `min`, `max`, `count`, `last`), pontos de estado como mudanças
`(ts, state)` com o estado vigente em `from` primeiro. Limites próprios, maiores que os da API JSON (ver
EXPORT_*), porque aqui a memória não cresce com o intervalo.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connection, transaction
from rest_framework.exceptions import ValidationError

from apps.core.db import set_tenant_for_transaction
from apps.registry.models import DeviceRoute
from apps.timeseries import queries
from apps.timeseries.queries import Agg
from apps.timeseries.services import PointInfo, rollup_tails, zone_is_whole_hour

# --- Limites (documentados no OpenAPI e em docs/operations.md) -------------------------------------------
EXPORT_MAX_POINTS = 100
# Intervalo máximo por nível de agregação: 31 dias de bruto (≈ 44.640 amostras por ponto a 1/min) e, para
# agregados, uns 45 mil buckets por ponto no máximo.
EXPORT_MAX_RANGE: dict[Agg, timedelta] = {
    Agg.RAW: timedelta(days=31),
    Agg.M1: timedelta(days=31),
    Agg.M5: timedelta(days=92),
    Agg.M15: timedelta(days=366),
    Agg.H1: timedelta(days=732),
    Agg.D1: timedelta(days=3660),
}
# Pontos de estado (mudanças) seguem o limite do bruto, qualquer que seja `agg`.
EXPORT_STATE_MAX_RANGE = timedelta(days=31)
# Linhas por ida ao banco e por row group do Parquet: o pico de memória do export é proporcional a isto.
ITERSIZE = 2000

RAW_COLUMNS = ("point_id", "point", "ts", "value", "state")
AGG_COLUMNS = ("point_id", "point", "ts", "avg", "min", "max", "count", "last", "state")

# Sem LIMIT: o volume é limitado pelo intervalo máximo, e as linhas vêm do cursor do servidor aos poucos.
_RAW_EXPORT_SQL = """
    SELECT ts, v_num
    FROM public.tenant_ts_measure
    WHERE device_id = %(device)s AND point_id = %(point)s AND ts >= %(start)s AND ts < %(end)s AND v_num IS NOT NULL
    ORDER BY ts
"""


def check_limits(*, points: list[PointInfo], agg: Agg, start: datetime, end: datetime) -> None:
    """400 claro se o pedido passa dos limites do export (antes de qualquer byte sair)."""
    if len(points) > EXPORT_MAX_POINTS:
        raise ValidationError({"point": [f"No máximo {EXPORT_MAX_POINTS} pontos por export."]})
    span = end - start
    if any(p.is_numeric for p in points) and span > EXPORT_MAX_RANGE[agg]:
        raise ValidationError(
            {
                "to": [
                    f"Export com agg={agg.value} aceita no máximo {EXPORT_MAX_RANGE[agg].days} dias entre from e to; "
                    "divida em vários exports ou use agregação maior."
                ]
            }
        )
    if any(not p.is_numeric for p in points) and span > EXPORT_STATE_MAX_RANGE:
        raise ValidationError(
            {"to": [f"Pontos de estado (bool/enum/text) exportam no máximo {EXPORT_STATE_MAX_RANGE.days} dias."]}
        )


@dataclass(frozen=True)
class ExportRequest:
    """Um export já validado e autorizado (dispositivo e pontos do tenant)."""

    tenant_uuid: uuid.UUID
    device: DeviceRoute
    points: list[PointInfo]
    agg: Agg
    start: datetime
    end: datetime
    tz: str

    @property
    def columns(self) -> tuple[str, ...]:
        return RAW_COLUMNS if self.agg is Agg.RAW else AGG_COLUMNS


def _state_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _stream(sql: str, params: dict[str, Any]) -> Iterator[list[tuple[Any, ...]]]:
    """Lotes de até ITERSIZE linhas de um cursor do servidor (nomeado, fechado ao sair)."""
    with connection.connection.cursor(name=f"export_{uuid.uuid4().hex}") as server_cursor:
        server_cursor.itersize = ITERSIZE
        server_cursor.execute(sql, params)
        while batch := server_cursor.fetchmany(ITERSIZE):
            yield batch


def row_batches(req: ExportRequest) -> Iterator[list[tuple[Any, ...]]]:
    """Linhas do export (tuplas na ordem de `req.columns`), em lotes, ponto a ponto na ordem pedida.

    Abre a própria transação com o tenant fixado: roda depois da view, fora do ATOMIC_REQUESTS.
    """
    zone = ZoneInfo(req.tz)
    with transaction.atomic():
        set_tenant_for_transaction(req.tenant_uuid)
        with connection.cursor() as cursor:
            for point in req.points:
                pid, name = str(point.point_id), point.name
                if not point.is_numeric:
                    params = {
                        "device": req.device.device_id,
                        "points": [point.point_id],
                        "start": req.start,
                        "end": req.end,
                        "limit": None,
                    }
                    empty = (None,) * (len(req.columns) - 4)
                    for batch in _stream(queries.STATE_SQL, params):
                        yield [
                            (pid, name, ts.astimezone(zone), *empty, _state_text(point.state_value(vb, vt, vn)))
                            for _pid, ts, vb, vt, vn in batch
                        ]
                elif req.agg is Agg.RAW:
                    params = {
                        "device": req.device.device_id,
                        "point": point.point_id,
                        "start": req.start,
                        "end": req.end,
                    }
                    for batch in _stream(_RAW_EXPORT_SQL, params):
                        yield [(pid, name, ts.astimezone(zone), value, None) for ts, value in batch]
                else:
                    query = queries.bucket_query(
                        cursor,
                        device_id=req.device.device_id,
                        point_ids=[point.point_id],
                        agg=req.agg,
                        start=req.start,
                        end=req.end,
                        tz=req.tz,
                        use_hourly=zone_is_whole_hour(req.tz, req.start, req.end),
                        tails=rollup_tails(),
                    )
                    sql = f"SELECT * FROM ({query.sql}) AS b ORDER BY 2"
                    for batch in _stream(sql, query.params):
                        yield [
                            (pid, name, bucket.astimezone(zone), avg, v_min, v_max, count, last, None)
                            for _pid, bucket, avg, v_min, v_max, count, last in batch
                        ]


# --- CSV --------------------------------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        # Como na API JSON: UTC com sufixo Z, demais fusos com o deslocamento.
        return value.isoformat().replace("+00:00", "Z") if value.utcoffset() == timedelta(0) else value.isoformat()
    return "" if value is None else value


def csv_chunks(req: ExportRequest) -> Iterator[bytes]:
    """O CSV (UTF-8, cabeçalho na 1ª linha) em pedaços de até ITERSIZE linhas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(req.columns)
    for batch in row_batches(req):
        writer.writerows([_csv_cell(cell) for cell in row] for row in batch)
        yield out.getvalue().encode()
        out.seek(0)
        out.truncate()
    if out.tell():
        yield out.getvalue().encode()


# --- Parquet ----------------------------------------------------------------------------------------------


class _Sink(io.RawIOBase):
    """Destino do ParquetWriter que só acumula o que foi escrito desde a última retirada (`drain`)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._pos = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._parts.append(chunk)
        self._pos += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._pos

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def parquet_schema(req: ExportRequest) -> pa.Schema:
    ts = pa.timestamp("us", tz=req.tz)
    if req.agg is Agg.RAW:
        return pa.schema(
            [
                ("point_id", pa.string()),
                ("point", pa.string()),
                ("ts", ts),
                ("value", pa.float64()),
                ("state", pa.string()),
            ]
        )
    return pa.schema(
        [
            ("point_id", pa.string()),
            ("point", pa.string()),
            ("ts", ts),
            ("avg", pa.float64()),
            ("min", pa.float64()),
            ("max", pa.float64()),
            ("count", pa.int64()),
            ("last", pa.float64()),
            ("state", pa.string()),
        ]
    )


def parquet_chunks(req: ExportRequest) -> Iterator[bytes]:
    """O Parquet escrito em streaming: um row group por lote do banco, entregue assim que é escrito."""
    schema = parquet_schema(req)
    sink = _Sink()
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        for batch in row_batches(req):
            columns = [list(column) for column in zip(*batch, strict=True)]
            writer.write_table(
                pa.Table.from_arrays(
                    [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema
                )
            )
            if data := sink.drain():
                yield data
    if data := sink.drain():
        yield data
