// As políticas nativas executadas de verdade (run_job roda o job em primeiro plano; o PGlite não tem
// background workers). Dados relativos a now(), porque as janelas das políticas também são.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { createDatabase, rows, scalar } from './lib/db.js';

const TENANT = 'cccccccc-0000-4000-8000-00000000000c';
const DEVICE = 'cccccccc-0000-4000-8000-0000000000d1';
const POINT = 'cccccccc-0000-4000-8000-0000000000e1';

// Cada leitura tem v_num = rótulo da sua idade: além da retenção, além da janela de refresh (e
// comprimível), recente. Idades distantes de bordas: chunks diários e buckets de 1h.
const READINGS = [
  [400, "INTERVAL '400 days'"],
  [40, "INTERVAL '40 days'"],
  [0, "INTERVAL '3 hours'"],
];

let db;

async function runPolicy(procName, name) {
  const jobId = await scalar(db, `
    SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = $1 AND hypertable_name = $2`,
  [procName, name]);
  assert.ok(jobId, `job ${procName} de ${name} não encontrado`);
  await db.exec(`CALL run_job(${jobId})`);
}

// Cada chunk de ts_measure, identificado pelo rótulo da leitura que contém.
function chunkStates() {
  return rows(db, `
    SELECT (SELECT v_num FROM public.ts_measure m WHERE m.ts >= c.range_start AND m.ts < c.range_end) AS label,
           c.is_compressed
    FROM timescaledb_information.chunks c
    WHERE c.hypertable_schema = 'public' AND c.hypertable_name = 'ts_measure'
    ORDER BY c.range_start`);
}

async function labels(relation) {
  return (await rows(db, `SELECT v_last FROM ${relation} ORDER BY tb`)).map((r) => r.v_last);
}

before(async () => {
  db = await createDatabase();
  // Uma transação por leitura, como no ingest: o log de invalidação guarda [mín, máx] por transação, e
  // o refresh da política trabalha bucket a bucket (buckets_per_batch padrão) nesse intervalo.
  for (const [label, age] of READINGS) {
    await db.query(`
      INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_num)
      VALUES ($1, $2, $3, now() - ${age}, $4)`, [TENANT, DEVICE, POINT, label]);
  }
});

after(async () => {
  await db?.close();
});

test('políticas de refresh 1m e 1h materializam só a janela de 30 dias', async () => {
  assert.deepStrictEqual(await labels('public.ts_measure_1m'), []);
  await runPolicy('policy_refresh_continuous_aggregate', 'ts_measure_1m');
  await runPolicy('policy_refresh_continuous_aggregate', 'ts_measure_1h');
  // A leitura de 40 dias fica de fora (docs/operations.md: exige refresh_continuous_aggregate manual).
  assert.deepStrictEqual(await labels('public.ts_measure_1m'), [0]);
  assert.deepStrictEqual(await labels('public.ts_measure_1h'), [0]);
});

test('política de retenção (365 dias) remove só o chunk antigo', async () => {
  assert.deepStrictEqual((await chunkStates()).map((c) => c.label), [400, 40, 0]);
  await runPolicy('policy_retention', 'ts_measure');
  assert.deepStrictEqual((await chunkStates()).map((c) => c.label), [40, 0]);
});

test('política de compressão (7 dias) comprime o chunk antigo e deixa o recente', async () => {
  await runPolicy('policy_compression', 'ts_measure');
  assert.deepStrictEqual(await chunkStates(), [
    { label: 40, is_compressed: true },
    { label: 0, is_compressed: false },
  ]);
});
