// Agregados contínuos ts_measure_1m e os hierárquicos 5m, 15m, 1h e 1d comparados com time_bucket direto
// sobre ts_measure, inclusive depois de dados atrasados (também num chunk já comprimido).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { createDatabase, rows, scalar } from './lib/db.js';

const TENANT_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const TENANT_B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const SERIES = [
  // [tenant, device, point, fase em segundos]
  [TENANT_A, 'aaaaaaaa-0000-4000-8000-0000000000d1', 'aaaaaaaa-0000-4000-8000-0000000000e1', 0],
  [TENANT_A, 'aaaaaaaa-0000-4000-8000-0000000000d1', 'aaaaaaaa-0000-4000-8000-0000000000e2', 5],
  [TENANT_B, 'bbbbbbbb-0000-4000-8000-0000000000d1', 'bbbbbbbb-0000-4000-8000-0000000000e1', 11],
];
const [SERIES_A1] = SERIES;

let db;

async function refreshAll() {
  // O 1h lê o 1m materializado: a ordem importa (a política do 1h também roda depois, com end_offset maior).
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_1m', NULL, NULL)`);
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_5m', NULL, NULL)`);
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_15m', NULL, NULL)`);
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_1h', NULL, NULL)`);
  // O 1d lê o 1h materializado.
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_1d', NULL, NULL)`);
}

// Todos os níveis e a largura do time_bucket direto equivalente.
const LEVELS = [
  ['public.ts_measure_1m', '1 minute'],
  ['public.ts_measure_5m', '5 minutes'],
  ['public.ts_measure_15m', '15 minutes'],
  ['public.ts_measure_1h', '1 hour'],
  ['public.ts_measure_1d', '1 day'],
];

// Oráculo: a definição do rollup aplicada direto aos dados brutos (só valores numéricos, como na
// edição Apache). Valores múltiplos de 0,5 mantêm somas exatas em float8, então a comparação é exata.
function expected(width) {
  return rows(db, `
    SELECT time_bucket($1::interval, ts) AS tb, tenant_id, device_id, point_id,
           avg(v_num) AS v_avg, min(v_num) AS v_min, max(v_num) AS v_max, sum(v_num) AS v_sum,
           count(v_num) AS v_count, last(v_num, ts) AS v_last
    FROM public.ts_measure
    WHERE v_num IS NOT NULL
    GROUP BY 1, 2, 3, 4
    ORDER BY 2, 3, 4, 1`, [width]);
}

// v_count::bigint: o tipo é verificado à parte (teste de tipos abaixo).
function actual(relation) {
  return rows(db, `
    SELECT tb, tenant_id, device_id, point_id, v_avg, v_min, v_max, v_sum,
           v_count::bigint AS v_count, v_last
    FROM ${relation}
    ORDER BY 2, 3, 4, 1`);
}

before(async () => {
  db = await createDatabase();
  for (const [tenant, device, point, phase] of SERIES) {
    // ~2h20 cruzando horas e a meia-noite (dois chunks diários), uma leitura a cada 37 s.
    await db.query(`
      INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_num)
      SELECT $1, $2, $3, g.ts, ((g.i * 7 + $4::int) % 23) * 0.5 - 3
      FROM generate_series('2025-03-10 22:50:00+00'::timestamptz + make_interval(secs => $4::int),
                           '2025-03-11 01:10:00+00', INTERVAL '37 seconds') WITH ORDINALITY g(ts, i)`,
    [tenant, device, point, phase]);
    // Leituras não numéricas (ficam fora dos rollups) e leituras exatamente nas bordas dos buckets.
    await db.query(`
      INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_num, v_bool, v_text)
      VALUES ($1, $2, $3, '2025-03-10 23:15:59.9+00', NULL, true, NULL),
             ($1, $2, $3, '2025-03-11 00:30:30.5+00', NULL, NULL, 'porta aberta'),
             ($1, $2, $3, '2025-03-10 23:00:00+00', 50, NULL, NULL),
             ($1, $2, $3, '2025-03-10 23:59:59.999999+00', -50, NULL, NULL)
      ON CONFLICT DO NOTHING`, [tenant, device, point]);
  }
});

after(async () => {
  await db?.close();
});

test('sem refresh os agregados estão vazios (WITH NO DATA, materialized_only)', async () => {
  assert.equal(await scalar(db, 'SELECT count(*) FROM public.ts_measure_1m'), 0);
  for (const [relation] of LEVELS) {
    assert.equal(await scalar(db, `SELECT count(*) FROM ${relation}`), 0, relation);
  }
});

test('após refresh, 1m e 1h são iguais ao time_bucket direto (dois tenants)', async () => {
  await refreshAll();
  const m1 = await expected('1 minute');
  const h1 = await expected('1 hour');
  // Guarda contra comparação vazia: 3 pontos × (22h, 23h, 00h, 01h), dois tenants.
  assert.equal(h1.length, 12);
  assert.ok(m1.length > 400, `poucos buckets de 1m: ${m1.length}`);
  assert.deepStrictEqual(new Set(m1.map((r) => r.tenant_id)), new Set([TENANT_A, TENANT_B]));
  assert.deepStrictEqual(await actual('public.ts_measure_1m'), m1);
  assert.deepStrictEqual(await actual('public.ts_measure_1h'), h1);
  // 15m e 1d hierárquicos: 3 pontos × 10 quartos de hora com dado (22:45 … 01:00) e × 2 dias UTC.
  const q15 = await expected('15 minutes');
  const d1 = await expected('1 day');
  const m5 = await expected('5 minutes');
  // 22:50 … 01:10: 28 ou 29 buckets de 5 min por ponto (o das 01:10 só se a fase cair nele).
  assert.ok(m5.length >= 3 * 28, `poucos buckets de 5m: ${m5.length}`);
  assert.deepStrictEqual(await actual('public.ts_measure_5m'), m5);
  assert.equal(q15.length, 30);
  assert.equal(d1.length, 6);
  assert.deepStrictEqual(await actual('public.ts_measure_15m'), q15);
  assert.deepStrictEqual(await actual('public.ts_measure_1d'), d1);
});

test('dados atrasados (inclusive em chunk comprimido) entram no próximo refresh', async () => {
  const [tenant, device, point] = SERIES_A1;
  const [chunk] = await rows(db, `
    SELECT compress_chunk(c)::text AS name
    FROM show_chunks('public.ts_measure', older_than => '2025-03-11 00:00+00'::timestamptz) c`);
  assert.ok(chunk, 'nenhum chunk de 2025-03-10 para comprimir');
  assert.equal(await scalar(db, `
    SELECT is_compressed FROM timescaledb_information.chunks
    WHERE format('%I.%I', chunk_schema, chunk_name) = $1`, [chunk.name]), true);

  await db.query(`
    INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_num) VALUES
      -- chunk comprimido, minuto já materializado, antes das leituras dele: novo mínimo, não o último
      ($1, $2, $3, '2025-03-10 23:20:00.001+00', -100),
      -- chunk não comprimido: vira o último do minuto 00:40 (mas não da hora)
      ($1, $2, $3, '2025-03-11 00:40:59.99+00', 77.5),
      -- vira o último da hora 00h
      ($1, $2, $3, '2025-03-11 00:59:59.9999+00', 12.5),
      -- dia anterior: chunk novo, buckets novos no 1m e no 1h
      ($1, $2, $3, '2025-03-09 23:59:30+00', 3.5),
      -- borda de 5 min no chunk comprimido: último (e máximo) do bucket 23:35; mínimo do 23:40
      ($1, $2, $3, '2025-03-10 23:39:59.999999+00', 99.5),
      ($1, $2, $3, '2025-03-10 23:40:00+00', -99.5)`,
  [tenant, device, point]);

  const m1 = await expected('1 minute');
  const h1 = await expected('1 hour');
  const want = {};
  for (const [relation, width] of LEVELS) {
    want[relation] = await expected(width);
    // Antes do refresh os agregados ainda não viram os atrasados (prova que a comparação enxerga a mudança).
    assert.notDeepStrictEqual(await actual(relation), want[relation], relation);
  }

  await refreshAll();
  for (const [relation] of LEVELS) {
    assert.deepStrictEqual(await actual(relation), want[relation], relation);
  }
  assert.ok(want['public.ts_measure_1d'].some((r) => r.tb.toISOString() === '2025-03-09T00:00:00.000Z'));
  assert.ok(want['public.ts_measure_15m'].some((r) => r.v_min === -100 && r.tenant_id === tenant));
  assert.ok(want['public.ts_measure_5m'].some((r) => r.tb.toISOString() === '2025-03-10T23:35:00.000Z'
    && r.v_last === 99.5 && r.v_max === 99.5 && r.tenant_id === tenant));
  assert.ok(want['public.ts_measure_5m'].some((r) => r.tb.toISOString() === '2025-03-10T23:40:00.000Z'
    && r.v_min === -99.5 && r.tenant_id === tenant));
  assert.deepStrictEqual(await actual('public.ts_measure_1m'), m1);
  assert.ok(h1.some((r) => r.v_min === -100 && r.tenant_id === tenant));
  assert.ok(h1.some((r) => r.tb.toISOString() === '2025-03-09T23:00:00.000Z'));
});

test('colunas dos rollups com os mesmos tipos da edição Apache (v_count bigint)', async () => {
  const types = await rows(db, `
    SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.oid IN ('public.tenant_ts_measure_1m'::regclass, 'public.tenant_ts_measure_5m'::regclass,
                    'public.tenant_ts_measure_15m'::regclass,
                    'public.tenant_ts_measure_1h'::regclass, 'public.tenant_ts_measure_1d'::regclass)
      AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  const expectedTypes = {
    tb: 'timestamp with time zone', tenant_id: 'uuid', device_id: 'uuid', point_id: 'uuid',
    v_avg: 'double precision', v_min: 'double precision', v_max: 'double precision',
    v_sum: 'double precision', v_count: 'bigint', v_last: 'double precision',
  };
  for (const relname of ['tenant_ts_measure_15m', 'tenant_ts_measure_1d', 'tenant_ts_measure_1h', 'tenant_ts_measure_1m',
    'tenant_ts_measure_5m']) {
    assert.deepStrictEqual(
      Object.fromEntries(types.filter((t) => t.relname === relname).map((t) => [t.attname, t.type])),
      expectedTypes,
      relname,
    );
  }
});
