"""Consultas de séries temporais para a API de dados (SQL puro, só pelas views `public.tenant_*`).

Regras que valem para todo o módulo:
- Nunca tocar as tabelas base (ts_measure, ts_measure_1m/1h, device_status): o papel da API nem pode lê-las;
  o isolamento vem das views security_barrier + `app.tenant_id` fixado na transação (ADR-001). A única exceção
  é a função `tenant_ts_last_before` (sql/050_data_api.sql), que aplica o mesmo filtro de tenant.
- Agregados saem dos rollups (1m/5m/15m/1h/1d) e são reagregados por soma/contagem (média ponderada, nunca média de
  médias). Só a "cauda" recente, que o refresh ainda não materializou, sai do bruto (poucos minutos).
- Quem chama já validou e autorizou dispositivo e pontos (apps.timeseries.services); aqui só há SQL.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any


class Agg(enum.StrEnum):
    """Níveis de agregação aceitos em `agg`."""

    RAW = "raw"
    M1 = "1m"
    M5 = "5m"
    M15 = "15m"
    H1 = "1h"
    D1 = "1d"


BUCKET_WIDTH: dict[Agg, timedelta] = {
    Agg.M1: timedelta(minutes=1),
    Agg.M5: timedelta(minutes=5),
    Agg.M15: timedelta(minutes=15),
    Agg.H1: timedelta(hours=1),
    Agg.D1: timedelta(days=1),
}


@dataclass(frozen=True)
class Tails:
    """Quanto de cada rollup ainda pode não estar materializado (medido a partir de agora).

    `minute`: a partir daqui os minutos saem do bruto (o refresh roda a cada TS_ROLLUP_REFRESH_SECONDS).
    `hour`: a partir daqui as horas saem dos níveis abaixo (na Community o agregado de 1h tem end_offset de 1h
    e roda a cada 15 min, então as últimas horas podem faltar nele). `five`, `quarter` e `day` idem para os
    rollups de 5 min, 15 min e 1 dia; sem valor, valem o mesmo que `hour` (caso da edição Apache, que grava tudo
    junto).
    """

    minute: timedelta
    hour: timedelta
    quarter: timedelta | None = None
    day: timedelta | None = None
    five: timedelta | None = None


@dataclass(frozen=True)
class _Level:
    """Um rollup materializado: view isolada, largura do bucket e nome dos parâmetros do seu intervalo."""

    key: str
    view: str
    width: timedelta


_LEVEL_1D = _Level("d", "public.tenant_ts_measure_1d", timedelta(days=1))
_LEVEL_1H = _Level("h", "public.tenant_ts_measure_1h", timedelta(hours=1))
_LEVEL_15M = _Level("q", "public.tenant_ts_measure_15m", timedelta(minutes=15))
_LEVEL_5M = _Level("f", "public.tenant_ts_measure_5m", timedelta(minutes=5))
_LEVEL_1M = _Level("m", "public.tenant_ts_measure_1m", timedelta(minutes=1))


@dataclass(frozen=True)
class SeriesJson:
    """Buckets de um ponto já serializados pelo banco: `data_json` é um array JSON de
    {ts, avg, min, max, count, last}, com `ts` no fuso pedido (ISO-8601 com deslocamento)."""

    point_id: uuid.UUID
    buckets: int
    data_json: str


# --- Séries agregadas ------------------------------------------------------------------------------

# Limites, caudas e o fuso da sessão numa ida ao banco; a mesma consulta já troca o TimeZone da transação para o
# fuso pedido (o JSON sai nele). OFFSET 0 impede o planejador de achatar a subconsulta: o fuso da sessão é lido
# antes do set_config. Os instantes saem como `timestamp` em UTC (AT TIME ZONE 'UTC'): o texto de um timestamptz
# seria escrito já no fuso novo, e o Django lê timestamptz supondo a sessão em UTC. O cálculo em si não depende
# do TimeZone da sessão (fusos explícitos; time_bucket sem fuso é UTC).
_BOUNDS_SQL = """
    SELECT b.lo AT TIME ZONE 'UTC', b.hi AT TIME ZONE 'UTC', b.tail_m AT TIME ZONE 'UTC',
           b.tail_f AT TIME ZONE 'UTC', b.tail_q AT TIME ZONE 'UTC', b.tail_h AT TIME ZONE 'UTC',
           b.tail_d AT TIME ZONE 'UTC', b.session_tz,
           set_config('TimeZone', COALESCE(%(json_tz)s::text, b.session_tz), true)
    FROM (
    SELECT time_bucket(%(width)s, %(start)s::timestamptz, %(tz)s) AS lo,
           -- Início do bucket seguinte ao que contém `to` (exclusivo). Somar 1,5 largura e truncar de novo
           -- funciona também para dias de 23 h/25 h (horário de verão) no fuso pedido.
           time_bucket(%(width)s,
                       time_bucket(%(width)s, %(end)s::timestamptz - INTERVAL '1 microsecond', %(tz)s)
                           + %(width)s * 1.5,
                       %(tz)s) AS hi,
           time_bucket(INTERVAL '1 minute', now() - %(minute_tail)s) AS tail_m,
           time_bucket(INTERVAL '5 minutes', now() - %(five_tail)s) AS tail_f,
           time_bucket(INTERVAL '15 minutes', now() - %(quarter_tail)s) AS tail_q,
           time_bucket(INTERVAL '1 hour', now() - %(hour_tail)s) AS tail_h,
           time_bucket(INTERVAL '1 day', now() - %(day_tail)s) AS tail_d,
           current_setting('TimeZone') AS session_tz
    OFFSET 0) AS b
"""

# Linhas "parciais" (soma, contagem, mín, máx, último) em granularidade <= à do bucket pedido. Cada linha cai
# inteira num bucket de saída, e as fontes são disjuntas no tempo, então recombinar é exato.
_SRC_ROLLUP = """
    SELECT tb, point_id, v_sum, v_count, v_min, v_max, v_last
    FROM {view}
    WHERE device_id = %(device)s AND point_id = ANY(%(points)s) AND tb >= %({key}_start)s AND tb < %({key}_end)s
"""
_SRC_RAW = """
    SELECT time_bucket(INTERVAL '1 minute', ts) AS tb, point_id, sum(v_num) AS v_sum, count(v_num) AS v_count,
           min(v_num) AS v_min, max(v_num) AS v_max, last(v_num, ts) AS v_last
    FROM public.tenant_ts_measure
    WHERE device_id = %(device)s AND point_id = ANY(%(points)s) AND ts >= %(r_start)s AND ts < %(hi)s
      AND v_num IS NOT NULL
    GROUP BY 1, 2
"""
# Recombinação das linhas parciais em buckets de saída. `{bucket}` é time_bucket com ou sem fuso (a variante com
# fuso custa uma conversão por linha: só é usada quando muda o resultado).
_GROUPED_SQL = """
    SELECT point_id, {bucket} AS bucket,
           sum(v_sum) / NULLIF(sum(v_count), 0), min(v_min), max(v_max), sum(v_count)::bigint, last(v_last, tb)
    FROM ({sources}) AS src
    GROUP BY 1, 2
"""
# O banco monta o JSON de cada série: milhares de buckets sem passar linha a linha pelo Python (cada timestamp
# custaria um parse, uma conversão de fuso e um dict). TimeZone da sessão = fuso pedido só durante esta consulta.
_JSON_SQL = """
    SELECT point_id, count(*),
           json_agg(json_build_object('ts', bucket, 'avg', v_avg, 'min', v_min, 'max', v_max, 'count', v_count,
                                      'last', v_last) ORDER BY bucket)::text
    FROM ({buckets}) AS b(point_id, bucket, v_avg, v_min, v_max, v_count, v_last)
    GROUP BY point_id
"""
# Nível nativo (o rollup com a largura pedida): as linhas materializadas já são os buckets e passam direto; só
# o resto (níveis mais finos e cauda bruta) é agrupado. As partes são disjuntas (as fronteiras são múltiplas
# do bucket).
_PASSTHROUGH = """
    SELECT point_id, tb, v_avg, v_min, v_max, v_count, v_last
    FROM {view}
    WHERE device_id = %(device)s AND point_id = ANY(%(points)s) AND tb >= %({key}_start)s AND tb < %({key}_end)s
"""


def _levels(agg: Agg, *, zoned: bool, use_hourly: bool) -> list[_Level]:
    """Rollups que podem compor buckets de `agg`, do mais grosso ao mais fino (a fonte mais barata primeiro).

    Um nível só entra se cada bucket dele cabe inteiro num bucket de saída: 5m, 15m e 1h só em fusos de hora
    cheia (ou sem fuso), 1d (dias UTC) só quando o bucket de saída é o dia UTC.
    """
    width = BUCKET_WIDTH[agg]
    levels: list[_Level] = []
    if agg is Agg.D1 and not zoned:
        levels.append(_LEVEL_1D)
    if use_hourly and width >= _LEVEL_1H.width:
        levels.append(_LEVEL_1H)
    if (use_hourly or not zoned) and width >= _LEVEL_15M.width:
        levels.append(_LEVEL_15M)
    if (use_hourly or not zoned) and width >= _LEVEL_5M.width:
        levels.append(_LEVEL_5M)
    levels.append(_LEVEL_1M)
    return levels


@dataclass(frozen=True)
class BucketQuery:
    """SQL dos buckets de `agg` (linhas `point_id, bucket, avg, min, max, count, last`) e seus parâmetros."""

    lo: datetime
    hi: datetime
    sql: str
    params: dict[str, Any]
    # Fuso da sessão antes da consulta (com `json_tz`, a consulta o troca na transação; quem chamou o restaura).
    session_tz: str


def bucket_query(
    cursor: Any,
    *,
    device_id: uuid.UUID,
    point_ids: list[uuid.UUID],
    agg: Agg,
    start: datetime,
    end: datetime,
    tz: str,
    use_hourly: bool,
    tails: Tails,
    json_tz: str | None = None,
) -> BucketQuery:
    """Monta a consulta dos buckets de `agg` cobrindo [start, end), expandido para buckets inteiros no fuso `tz`.

    Fontes, da mais antiga para a mais nova: o rollup mais grosso que cabe no bucket pedido (1d, 1h, 15m, 5m), depois
    os mais finos só na parte que o mais grosso ainda não materializou, e o bruto na cauda (poucos minutos).
    `use_hourly=False` quando o fuso tem deslocamento que não é hora cheia no intervalo (ex.: +05:30): horas UTC
    não cabem em horas/dias locais. Usada pela série JSON (`aggregated_series`) e pelo export em streaming.
    `json_tz`: a mesma ida ao banco já troca o fuso da transação para ele (o JSON da série sai nesse fuso); sem
    ele o fuso não muda (o export converte cada instante em Python).
    """
    width = BUCKET_WIDTH[agg]
    # Buckets abaixo de 1 h não dependem do fuso (todo fuso real tem deslocamento em minutos cheios), e buckets
    # de 1 h num fuso de horas cheias são as próprias horas UTC: o fuso só entra em 1d ou em 1h de meia hora.
    zoned = tz != "UTC" and (agg is Agg.D1 or (agg is Agg.H1 and not use_hourly))
    bounds_tz = tz if width >= timedelta(hours=1) else "UTC"
    cursor.execute(
        _BOUNDS_SQL,
        {
            "width": width,
            "start": start,
            "end": end,
            "tz": bounds_tz,
            "json_tz": json_tz,
            "minute_tail": tails.minute,
            "five_tail": tails.five if tails.five is not None else tails.hour,
            "quarter_tail": tails.quarter if tails.quarter is not None else tails.hour,
            "hour_tail": tails.hour,
            "day_tail": tails.day if tails.day is not None else tails.hour,
        },
    )
    *instants, session_tz, _ = cursor.fetchone()
    lo, hi, tail_m, tail_f, tail_q, tail_h, tail_d = (ts.replace(tzinfo=UTC) for ts in instants)
    tail_of = {"m": tail_m, "f": tail_f, "q": tail_q, "h": tail_h, "d": tail_d}
    params: dict[str, Any] = {"device": device_id, "points": point_ids, "hi": hi, "width": width, "tz": tz}
    levels = _levels(agg, zoned=zoned, use_hourly=use_hourly)
    # Cada nível cobre de onde o anterior (mais grosso) parou até a própria fronteira materializada; fronteiras
    # são múltiplas da largura do nível, então os intervalos são disjuntos e cobrem [lo, hi) sem buracos.
    cursor_ts = lo
    for level in levels:
        params[f"{level.key}_start"] = cursor_ts
        cursor_ts = max(cursor_ts, min(hi, tail_of[level.key]))
        params[f"{level.key}_end"] = cursor_ts
    params["r_start"] = cursor_ts
    bucket = "time_bucket(%(width)s, tb, %(tz)s)" if zoned else "time_bucket(%(width)s, tb)"
    native = levels[0] if levels[0].width == width and not zoned else None
    sources = [_SRC_ROLLUP.format(view=lv.view, key=lv.key) for lv in levels if lv is not native] + [_SRC_RAW]
    sql = _GROUPED_SQL.format(bucket=bucket, sources=" UNION ALL ".join(sources))
    if native is not None:
        sql = _PASSTHROUGH.format(view=native.view, key=native.key) + " UNION ALL " + sql
    return BucketQuery(lo, hi, sql, params, session_tz)


def aggregated_series(
    cursor: Any,
    *,
    device_id: uuid.UUID,
    point_ids: list[uuid.UUID],
    agg: Agg,
    start: datetime,
    end: datetime,
    tz: str,
    use_hourly: bool,
    tails: Tails,
) -> tuple[datetime, datetime, list[SeriesJson]]:
    """Buckets de `agg` cobrindo [start, end) (ver `bucket_query`), já em JSON por ponto.

    Devolve (início do primeiro bucket, fim do último bucket, buckets).
    """
    query = bucket_query(
        cursor,
        device_id=device_id,
        point_ids=point_ids,
        agg=agg,
        start=start,
        end=end,
        tz=tz,
        use_hourly=use_hourly,
        tails=tails,
        json_tz=tz,
    )
    cursor.execute(_JSON_SQL.format(buckets=query.sql), query.params)
    rows = [SeriesJson(*row) for row in cursor.fetchall()]
    # Só no caminho de sucesso: se a consulta falhar, a transação é abortada e o SET LOCAL morre com ela. Voltar ao
    # fuso da sessão importa porque o Django interpreta timestamptz supondo a sessão em UTC; se o fuso pedido já
    # era o da sessão (o caso comum, UTC), nada mudou e a volta é dispensada.
    if query.session_tz != tz:
        cursor.execute("SELECT set_config('TimeZone', %s, true)", [query.session_tz])
    return query.lo, query.hi, rows


# --- Bruto -----------------------------------------------------------------------------------------

_RAW_SQL = """
    SELECT p.point_id, r.ts, r.v_num
    FROM unnest(%(points)s::uuid[]) AS p(point_id)
    CROSS JOIN LATERAL (
        SELECT m.ts, m.v_num
        FROM public.tenant_ts_measure AS m
        WHERE m.device_id = %(device)s AND m.point_id = p.point_id
          AND m.ts >= %(start)s AND m.ts < %(end)s AND m.v_num IS NOT NULL
        ORDER BY m.ts
        LIMIT %(limit)s
    ) AS r
    ORDER BY 1, 2
"""


def raw_series(
    cursor: Any,
    *,
    device_id: uuid.UUID,
    point_ids: list[uuid.UUID],
    start: datetime,
    end: datetime,
    limit_per_point: int,
) -> list[tuple[uuid.UUID, datetime, float]]:
    """Amostras brutas numéricas em [start, end); no máximo `limit_per_point` por ponto (quem chama pede
    limite + 1 para detectar excesso)."""
    cursor.execute(
        _RAW_SQL,
        {"points": point_ids, "device": device_id, "start": start, "end": end, "limit": limit_per_point},
    )
    return list(cursor.fetchall())


# --- Estados (bool/enum/text) ----------------------------------------------------------------------

STATE_SQL = """
    WITH before AS (
        -- Estado vigente em `start`: a última amostra anterior (um acesso ao índice por ponto; ver 050_data_api.sql).
        SELECT point_id, ts, v_bool, v_text, v_num
        FROM public.tenant_ts_last_before(%(device)s, %(points)s::uuid[], %(start)s)
    ), samples AS (
        SELECT point_id, ts, v_bool, v_text, v_num FROM before
        UNION ALL
        SELECT point_id, ts, v_bool, v_text, v_num
        FROM public.tenant_ts_measure
        WHERE device_id = %(device)s AND point_id = ANY(%(points)s) AND ts >= %(start)s AND ts < %(end)s
    ), marked AS (
        SELECT point_id, ts, v_bool, v_text, v_num,
               lag(v_bool) OVER w AS prev_bool, lag(v_text) OVER w AS prev_text, lag(v_num) OVER w AS prev_num,
               row_number() OVER w AS rn
        FROM samples
        WINDOW w AS (PARTITION BY point_id ORDER BY ts)
    )
    SELECT point_id, ts, v_bool, v_text, v_num
    FROM marked
    WHERE rn = 1
       OR v_bool IS DISTINCT FROM prev_bool
       OR v_text IS DISTINCT FROM prev_text
       OR v_num IS DISTINCT FROM prev_num
    ORDER BY point_id, ts
    LIMIT %(limit)s
"""


def state_changes(
    cursor: Any,
    *,
    device_id: uuid.UUID,
    point_ids: list[uuid.UUID],
    start: datetime,
    end: datetime,
    limit: int,
) -> list[tuple[uuid.UUID, datetime, bool | None, str | None, float | None]]:
    """Mudanças de estado em [start, end), precedidas do estado vigente em `start` (ts < start)."""
    cursor.execute(STATE_SQL, {"points": point_ids, "device": device_id, "start": start, "end": end, "limit": limit})
    return list(cursor.fetchall())


# --- Últimos valores e conectividade ---------------------------------------------------------------

# Última amostra de cada ponto: função do banco (sql/050_data_api.sql) em vez da view, porque a view
# security_barrier não deixa o ORDER BY ts DESC LIMIT 1 usar a ordem do índice (leria todo o histórico).
LATEST_SQL = """
    SELECT point_id, ts, v_num, v_bool, v_text
    FROM public.tenant_ts_last_before(%(device)s, %(points)s::uuid[], 'infinity')
"""


def latest_values(
    cursor: Any, *, device_id: uuid.UUID, point_ids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[datetime, float | None, bool | None, str | None]]:
    """Última amostra de cada ponto (pontos sem dado ficam fora do dicionário)."""
    cursor.execute(LATEST_SQL, {"points": point_ids, "device": device_id})
    return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def device_connectivity(cursor: Any, *, device_id: uuid.UUID) -> tuple[bool, datetime] | None:
    """(online, last_seen) do tópico state/LWT; None se o dispositivo nunca publicou state."""
    cursor.execute(
        "SELECT online, last_seen FROM public.tenant_device_status WHERE device_id = %s",
        [device_id],
    )
    row = cursor.fetchone()
    return (bool(row[0]), row[1]) if row else None
