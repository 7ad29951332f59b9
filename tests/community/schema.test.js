// Estrutura da edição Community: licença, compressão, políticas (jobs) e re-execução idempotente do SQL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { applySchema, createDatabase, renderedFiles, rows, scalar } from './lib/db.js';

const TENANT = '0a0a0a0a-0000-4000-8000-00000000000a';
const DEVICE = '0d0d0d0d-0000-4000-8000-00000000000d';
const POINT = '0e0e0e0e-0000-4000-8000-00000000000e';

let db;
let firstPass;

// Tudo o que o SQL cria e que uma reaplicação não pode duplicar nem alterar.
async function catalogSnapshot() {
  return {
    hypertables: await rows(db, `
      SELECT hypertable_schema, hypertable_name, compression_enabled
      FROM timescaledb_information.hypertables ORDER BY 1, 2`),
    compression: await rows(db, `
      SELECT hypertable::text, segmentby, orderby
      FROM timescaledb_information.hypertable_compression_settings ORDER BY 1`),
    jobs: await rows(db, `
      SELECT job_id, proc_name, hypertable_schema, hypertable_name, schedule_interval::text, config
      FROM timescaledb_information.jobs ORDER BY job_id`),
    caggs: await rows(db, `
      SELECT view_name, materialized_only, materialization_hypertable_name, view_definition
      FROM timescaledb_information.continuous_aggregates ORDER BY view_name`),
    relations: await rows(db, `
      SELECT c.relname, c.relkind::text, c.reloptions, c.relacl::text[] AS relacl, v.definition
      FROM pg_class c
      LEFT JOIN pg_views v ON v.schemaname = 'public' AND v.viewname = c.relname
      WHERE c.relnamespace = 'public'::regnamespace ORDER BY c.relname`),
    functions: await rows(db, `
      SELECT p.oid::regprocedure::text AS signature, p.prosecdef, p.proconfig, p.prosrc,
             p.proacl::text[] AS proacl
      FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1`),
  };
}

before(async () => {
  db = await createDatabase({ passes: 1 });
  firstPass = await catalogSnapshot();
  // Estado de produção antes de uma nova execução das migrações: dados, chunk comprimido, rollups.
  await db.query(`
    INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_num)
    SELECT $1, $2, $3, g, extract(minute FROM g)
    FROM generate_series('2025-03-10 23:00+00'::timestamptz, '2025-03-11 01:00+00', '5 minutes') g`,
  [TENANT, DEVICE, POINT]);
  await db.query(`SELECT compress_chunk(c) FROM show_chunks('public.ts_measure') c LIMIT 1`);
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_1m', NULL, NULL)`);
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_1h', NULL, NULL)`);
});

after(async () => {
  await db?.close();
});

test('a edição carregada é a Community (licença timescale, módulo TSL)', async () => {
  assert.equal(await scalar(db, 'SHOW timescaledb.license'), 'timescale');
});

test('o SQL renderizado não deixa placeholders sem substituir', async () => {
  for (const { name, sql } of await renderedFiles()) {
    assert.doesNotMatch(sql, /\{\{[^}]*\}\}/, `${name} tem placeholder que schema.py não substitui`);
  }
});

test('reaplicar os três arquivos (com dados e chunk comprimido) é idempotente', async () => {
  const before = {
    raw: await scalar(db, 'SELECT count(*) FROM public.ts_measure'),
    m1: await scalar(db, 'SELECT count(*) FROM public.ts_measure_1m'),
    h1: await scalar(db, 'SELECT count(*) FROM public.ts_measure_1h'),
    compressed: await scalar(db, `SELECT count(*) FROM timescaledb_information.chunks
                                  WHERE hypertable_name = 'ts_measure' AND is_compressed`),
  };
  assert.ok(before.raw > 0 && before.m1 > 0 && before.h1 > 0 && before.compressed === 1, JSON.stringify(before));

  await applySchema(db);

  assert.deepStrictEqual(await catalogSnapshot(), firstPass);
  assert.deepStrictEqual({
    raw: await scalar(db, 'SELECT count(*) FROM public.ts_measure'),
    m1: await scalar(db, 'SELECT count(*) FROM public.ts_measure_1m'),
    h1: await scalar(db, 'SELECT count(*) FROM public.ts_measure_1h'),
    compressed: await scalar(db, `SELECT count(*) FROM timescaledb_information.chunks
                                  WHERE hypertable_name = 'ts_measure' AND is_compressed`),
  }, before);
});

test('compressão habilitada: segmentby tenant_id, device_id, point_id; orderby ts DESC', async () => {
  // 2.23 tem as duas views; hypertable_compression_settings é a atual (compression_settings é legada).
  const settings = await rows(db, `
    SELECT segmentby, orderby FROM timescaledb_information.hypertable_compression_settings
    WHERE hypertable = 'public.ts_measure'::regclass`);
  assert.deepStrictEqual(settings, [{ segmentby: 'tenant_id,device_id,point_id', orderby: 'ts DESC' }]);
  assert.equal(await scalar(db, `
    SELECT compression_enabled FROM timescaledb_information.hypertables
    WHERE hypertable_schema = 'public' AND hypertable_name = 'ts_measure'`), true);
});

test('jobs: compressão 7d, retenção 365d e refresh dos agregados 1m, 5m, 15m, 1h e 1d (um de cada)', async () => {
  // Para políticas de agregado contínuo, jobs.hypertable_name traz o nome do agregado (não o da
  // hypertable materializada).
  const jobs = await rows(db, `
    SELECT proc_name, hypertable_schema AS schema, hypertable_name AS name, scheduled,
           schedule_interval,
           (config->>'compress_after')::interval AS compress_after,
           (config->>'drop_after')::interval AS drop_after,
           (config->>'start_offset')::interval AS start_offset,
           (config->>'end_offset')::interval AS end_offset
    FROM timescaledb_information.jobs
    WHERE proc_name IN ('policy_compression', 'policy_retention', 'policy_refresh_continuous_aggregate')
    ORDER BY proc_name, hypertable_name`);
  const iv = (text) => scalar(db, 'SELECT $1::interval', [text]);
  const policy = (proc_name, name, fields) => ({
    proc_name, schema: 'public', name, scheduled: true,
    compress_after: null, drop_after: null, start_offset: null, end_offset: null, ...fields,
  });
  assert.deepStrictEqual(jobs, [
    policy('policy_compression', 'ts_measure',
      { schedule_interval: await iv('12 hours'), compress_after: await iv('7 days') }),
    policy('policy_refresh_continuous_aggregate', 'ts_measure_15m', {
      schedule_interval: await iv('5 minutes'),
      start_offset: await iv('30 days'), end_offset: await iv('15 minutes'),
    }),
    policy('policy_refresh_continuous_aggregate', 'ts_measure_1d', {
      schedule_interval: await iv('1 hour'),
      start_offset: await iv('30 days'), end_offset: await iv('1 day'),
    }),
    policy('policy_refresh_continuous_aggregate', 'ts_measure_1h', {
      schedule_interval: await iv('15 minutes'),
      start_offset: await iv('30 days'), end_offset: await iv('1 hour'),
    }),
    policy('policy_refresh_continuous_aggregate', 'ts_measure_1m', {
      schedule_interval: await iv('1 minute'),
      start_offset: await iv('30 days'), end_offset: await iv('1 minute'),
    }),
    policy('policy_refresh_continuous_aggregate', 'ts_measure_5m', {
      schedule_interval: await iv('5 minutes'),
      start_offset: await iv('30 days'), end_offset: await iv('5 minutes'),
    }),
    policy('policy_retention', 'ts_measure',
      { schedule_interval: await iv('1 day'), drop_after: await iv('365 days') }),
  ]);
});

test('agregados contínuos 1m (sobre ts_measure), 5m, 15m e 1h hierárquicos (sobre o 1m), 1d (sobre o 1h)', async () => {
  // No hierárquico, a "hypertable" de origem do 1h é a hypertable materializada do 1m.
  const caggs = await rows(db, `
    SELECT c.view_name, c.materialized_only, c.finalized,
           coalesce(src.view_name, c.hypertable_schema || '.' || c.hypertable_name) AS source
    FROM timescaledb_information.continuous_aggregates c
    LEFT JOIN timescaledb_information.continuous_aggregates src
      ON src.materialization_hypertable_schema = c.hypertable_schema
     AND src.materialization_hypertable_name = c.hypertable_name
    WHERE c.view_schema = 'public' ORDER BY c.view_name`);
  assert.deepStrictEqual(caggs, [
    { view_name: 'ts_measure_15m', materialized_only: true, finalized: true, source: 'ts_measure_1m' },
    { view_name: 'ts_measure_1d', materialized_only: true, finalized: true, source: 'ts_measure_1h' },
    { view_name: 'ts_measure_1h', materialized_only: true, finalized: true, source: 'ts_measure_1m' },
    { view_name: 'ts_measure_1m', materialized_only: true, finalized: true, source: 'public.ts_measure' },
    { view_name: 'ts_measure_5m', materialized_only: true, finalized: true, source: 'ts_measure_1m' },
  ]);
});
