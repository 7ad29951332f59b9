// Isolamento por tenant (ADR-001) na edição Community: os papéis de serviço só enxergam as views
// security_barrier; hypertable, chunks (brutos e comprimidos), agregados e hypertables materializadas
// ficam inacessíveis. Também: por que não RLS, e as funções de manutenção (no-ops nesta edição).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  API_ROLE,
  INGEST_ROLE,
  SERVICE_ROLES,
  WORKER_ROLE,
  asRole,
  assertFails,
  assertSelectDenied,
  createDatabase,
  rows,
  scalar,
} from './lib/db.js';

const TENANT_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const TENANT_B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const DEVICE_A = 'aaaaaaaa-0000-4000-8000-0000000000d1';
const POINT_A = 'aaaaaaaa-0000-4000-8000-0000000000e1';
const DEVICE_B = 'bbbbbbbb-0000-4000-8000-0000000000d1';
const POINT_B = 'bbbbbbbb-0000-4000-8000-0000000000e1';

// Dia 10 (chunk comprimido no before) e dia 11 (chunk não comprimido).
const COMPRESSED_DAY = '2025-03-10';

const ROLLUP_VIEWS = [
  'public.tenant_ts_measure_1m', 'public.tenant_ts_measure_5m', 'public.tenant_ts_measure_15m',
  'public.tenant_ts_measure_1h', 'public.tenant_ts_measure_1d',
];
let db;
let ownerCounts; // contagens vistas pelo dono, por tenant, para comparar com o que cada papel vê

const INSERT_VIA_VIEW = `
  INSERT INTO public.tenant_ts_measure (tenant_id, device_id, point_id, ts, v_num)
  VALUES ($1, $2, $3, $4, $5)`;

async function countByTenant(relation) {
  const result = {};
  for (const r of await rows(db, `SELECT tenant_id, count(*) AS n FROM ${relation} GROUP BY 1`)) {
    result[r.tenant_id] = r.n;
  }
  return result;
}

before(async () => {
  db = await createDatabase();
  for (const [tenant, device, point] of [[TENANT_A, DEVICE_A, POINT_A], [TENANT_B, DEVICE_B, POINT_B]]) {
    await db.query(`
      INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_num)
      SELECT $1, $2, $3, g, extract(minute FROM g)
      FROM generate_series('2025-03-10 22:00+00'::timestamptz, '2025-03-11 02:00+00', '10 minutes') g`,
    [tenant, device, point]);
  }
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_1m', NULL, NULL)`);
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_5m', NULL, NULL)`);
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_15m', NULL, NULL)`);
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_1h', NULL, NULL)`);
  await db.exec(`CALL refresh_continuous_aggregate('public.ts_measure_1d', NULL, NULL)`);
  await db.query(`
    SELECT compress_chunk(c)
    FROM show_chunks('public.ts_measure', older_than => '2025-03-11 00:00+00'::timestamptz) c`);
  ownerCounts = {
    raw: await countByTenant('public.ts_measure'),
    m1: await countByTenant('public.ts_measure_1m'),
    m5: await countByTenant('public.ts_measure_5m'),
    q15: await countByTenant('public.ts_measure_15m'),
    h1: await countByTenant('public.ts_measure_1h'),
    d1: await countByTenant('public.ts_measure_1d'),
  };
});

after(async () => {
  await db?.close();
});

// Tudo o que guarda telemetria fora das views: a hypertable, cada chunk (e o chunk comprimido
// correspondente), os agregados e suas hypertables materializadas (com os chunks delas).
async function protectedRelations() {
  const materialized = await rows(db, `
    SELECT format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name) AS name
    FROM timescaledb_information.continuous_aggregates WHERE view_schema = 'public'`);
  const relations = ['public.ts_measure', 'public.ts_measure_1m', 'public.ts_measure_5m', 'public.ts_measure_15m',
    'public.ts_measure_1h', 'public.ts_measure_1d'];
  for (const hypertable of ['public.ts_measure', ...materialized.map((m) => m.name)]) {
    relations.push(hypertable);
    for (const { chunk } of await rows(db, 'SELECT c::text AS chunk FROM show_chunks($1::regclass) c', [hypertable])) {
      relations.push(chunk);
    }
  }
  const compressed = await rows(db, `
    SELECT format('%I.%I', cc.schema_name, cc.table_name) AS name
    FROM _timescaledb_catalog.chunk c
    JOIN _timescaledb_catalog.chunk cc ON cc.id = c.compressed_chunk_id
    JOIN _timescaledb_catalog.hypertable h ON h.id = c.hypertable_id
    WHERE h.schema_name = 'public' AND h.table_name = 'ts_measure'`);
  assert.ok(compressed.length >= 1, 'o before deveria ter comprimido um chunk');
  relations.push(...compressed.map((c) => c.name));
  return [...new Set(relations)];
}

describe('papéis de serviço sem acesso às tabelas base', () => {
  for (const role of SERVICE_ROLES) {
    test(`${role}: nenhum privilégio e SELECT negado na hypertable, chunks, agregados e materializadas`, async () => {
      const relations = await protectedRelations();
      // ts_measure + 2 agregados + 2 materializadas + chunks brutos (2 dias) + comprimido + chunks materializados
      assert.ok(relations.length >= 9, relations.join(', '));
      for (const relation of relations) {
        assert.equal(await scalar(db, `
          SELECT has_table_privilege($1, $2::regclass,
                 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')`, [role, relation]),
        false, `${role} tem privilégio em ${relation}`);
        await assertSelectDenied(db, role, relation);
      }
    });
  }
});

describe('sem tenant na transação: nada aparece', () => {
  test('o dono vê dados dos dois tenants (o zero abaixo não é vazio por acaso)', () => {
    for (const level of ['raw', 'm1', 'h1']) {
      assert.ok(ownerCounts[level][TENANT_A] > 0 && ownerCounts[level][TENANT_B] > 0, level);
    }
  });

  for (const role of SERVICE_ROLES) {
    test(`${role}: 0 linhas em tenant_ts_measure, também depois de uma transação com tenant`, async () => {
      assert.equal(await asRole(db, role, null, () => scalar(db, 'SELECT count(*) FROM public.tenant_ts_measure')), 0);
      // A transação anterior fixou o tenant; na seguinte current_setting devolve '' (não NULL): o
      // NULLIF de current_tenant_id() é o que evita erro de cast e mantém 0 linhas.
      await asRole(db, role, TENANT_A, () => undefined);
      const later = await asRole(db, role, null, async () => ({
        setting: await scalar(db, "SELECT current_setting('app.tenant_id', true)"),
        count: await scalar(db, 'SELECT count(*) FROM public.tenant_ts_measure'),
      }));
      assert.deepStrictEqual(later, { setting: '', count: 0 });
    });
  }

  test(`${API_ROLE}: 0 linhas nas views de rollup (1m, 5m, 15m, 1h, 1d)`, async () => {
    for (const view of ROLLUP_VIEWS) {
      assert.equal(await asRole(db, API_ROLE, null, () => scalar(db, `SELECT count(*) FROM ${view}`)), 0, view);
    }
  });

  test(`${INGEST_ROLE}: sem SELECT nas views de rollup (030_views.sql concede só à API)`, async () => {
    for (const view of ROLLUP_VIEWS) {
      await assertSelectDenied(db, INGEST_ROLE, view);
    }
  });
});

describe('com tenant fixado: só as linhas dele', () => {
  for (const role of SERVICE_ROLES) {
    for (const tenant of [TENANT_A, TENANT_B]) {
      test(`${role} com tenant ${tenant.slice(0, 8)}: tenant_ts_measure`, async () => {
        const seen = await asRole(db, role, tenant, () => countByTenant('public.tenant_ts_measure'));
        assert.deepStrictEqual(seen, { [tenant]: ownerCounts.raw[tenant] });
      });
    }
  }

  for (const tenant of [TENANT_A, TENANT_B]) {
    test(`${API_ROLE} com tenant ${tenant.slice(0, 8)}: tenant_ts_measure_1m, _5m, _15m, _1h e _1d`, async () => {
      const seen = await asRole(db, API_ROLE, tenant, async () => ({
        m1: await countByTenant('public.tenant_ts_measure_1m'),
        m5: await countByTenant('public.tenant_ts_measure_5m'),
        q15: await countByTenant('public.tenant_ts_measure_15m'),
        h1: await countByTenant('public.tenant_ts_measure_1h'),
        d1: await countByTenant('public.tenant_ts_measure_1d'),
      }));
      assert.deepStrictEqual(seen, {
        m1: { [tenant]: ownerCounts.m1[tenant] },
        m5: { [tenant]: ownerCounts.m5[tenant] },
        q15: { [tenant]: ownerCounts.q15[tenant] },
        h1: { [tenant]: ownerCounts.h1[tenant] },
        d1: { [tenant]: ownerCounts.d1[tenant] },
      });
    });
  }
});

describe('security_barrier: filtro do usuário não enxerga linhas de outro tenant', () => {
  // Ataque clássico de view com vazamento: função barata (COST mínimo) e não-leakproof no WHERE do
  // usuário. Sem security_barrier o planejador a avalia antes do filtro de tenant e ela vê tudo. Só com
  // seq scan (qualquer papel escolhe com SET; este PGlite vem com enable_seqscan = off) o filtro de
  // tenant não vira condição de índice, que esconderia o vazamento.
  const PEEK = `
    CREATE FUNCTION pg_temp.peek(t uuid) RETURNS boolean
      LANGUAGE plpgsql IMMUTABLE COST 0.0000001
    AS $$ BEGIN
      IF t IS DISTINCT FROM '${TENANT_A}'::uuid THEN RAISE EXCEPTION 'vazou linha do tenant %', t; END IF;
      RETURN true;
    END $$`;

  for (const [role, views] of [
    [API_ROLE, ['public.tenant_ts_measure', ...ROLLUP_VIEWS]],
    [INGEST_ROLE, ['public.tenant_ts_measure']],
  ]) {
    test(`${role}: ${views.map((v) => v.replace('public.', '')).join(', ')}`, async () => {
      const seen = await asRole(db, role, TENANT_A, async () => {
        await db.exec(`${PEEK};
          SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;`);
        const counts = {};
        for (const view of views) {
          counts[view] = await scalar(db, `SELECT count(*) FROM ${view} WHERE pg_temp.peek(tenant_id)`);
        }
        return counts;
      });
      for (const view of views) assert.ok(seen[view] > 0, `${view}: nenhuma linha de A`);
    });
  }
});

describe('escrita pela view tenant_ts_measure', () => {
  for (const role of SERVICE_ROLES) {
    test(`${role}: linha de outro tenant (ou sem tenant) viola a CHECK OPTION`, async () => {
      const rowB = [TENANT_B, DEVICE_B, POINT_B, '2025-03-11 01:01:00+00', 1];
      await assertFails(db, role, TENANT_A, INSERT_VIA_VIEW, '44000',
        /violates check option for view "tenant_ts_measure"/, rowB);
      await assertFails(db, role, null, INSERT_VIA_VIEW, '44000', /violates check option/, rowB);
      assert.equal(await scalar(db, `SELECT count(*) FROM public.ts_measure WHERE ts = '2025-03-11 01:01:00+00'`), 0);
    });

    test(`${role}: UPDATE e DELETE pela view negados (só SELECT e INSERT concedidos)`, async () => {
      await assertFails(db, role, TENANT_A, 'UPDATE public.tenant_ts_measure SET v_num = 0', '42501', /permission denied/);
      await assertFails(db, role, TENANT_A, 'DELETE FROM public.tenant_ts_measure', '42501', /permission denied/);
    });

    test(`${role}: INSERT ... ON CONFLICT DO NOTHING num chunk comprimido; duplicata ignorada`, async () => {
      const newTs = role === API_ROLE ? '2025-03-10 23:01:00+00' : '2025-03-10 23:02:00+00';
      const existingTs = '2025-03-10 23:00:00+00'; // gravada no before, hoje comprimida
      assert.equal(await scalar(db, `
        SELECT is_compressed FROM timescaledb_information.chunks
        WHERE hypertable_name = 'ts_measure' AND range_start = $1::timestamptz`, [`${COMPRESSED_DAY} 00:00+00`]), true);

      const affected = await asRole(db, role, TENANT_A, async () => {
        const inserted = await db.query(`${INSERT_VIA_VIEW} ON CONFLICT DO NOTHING`,
          [TENANT_A, DEVICE_A, POINT_A, newTs, 42.5]);
        const duplicate = await db.query(`${INSERT_VIA_VIEW} ON CONFLICT DO NOTHING`,
          [TENANT_A, DEVICE_A, POINT_A, existingTs, -1]);
        const duplicateWithTarget = await db.query(
          `${INSERT_VIA_VIEW} ON CONFLICT (tenant_id, device_id, point_id, ts) DO NOTHING`,
          [TENANT_A, DEVICE_A, POINT_A, newTs, -1]);
        return [inserted.affectedRows, duplicate.affectedRows, duplicateWithTarget.affectedRows];
      }, { commit: true });
      assert.deepStrictEqual(affected, [1, 0, 0]);

      const stored = await rows(db, `
        SELECT ts, v_num FROM public.ts_measure
        WHERE tenant_id = $1 AND device_id = $2 AND point_id = $3 AND ts IN ($4, $5) ORDER BY ts`,
      [TENANT_A, DEVICE_A, POINT_A, existingTs, newTs]);
      assert.deepStrictEqual(stored.map((r) => r.v_num), [0, 42.5]);
    });
  }
});

describe('por que views e não RLS (ADR-001)', () => {
  test('ENABLE ROW LEVEL SECURITY em ts_measure falha com a compressão habilitada', async () => {
    await db.exec('BEGIN');
    try {
      // Controle: numa hypertable sem compressão o mesmo comando passa.
      await db.exec(`
        CREATE TABLE public.rls_control (ts timestamptz NOT NULL, v double precision);
        SELECT create_hypertable('public.rls_control', 'ts');
        ALTER TABLE public.rls_control ENABLE ROW LEVEL SECURITY;`);
    } finally {
      await db.exec('ROLLBACK');
    }
    await db.exec('BEGIN');
    try {
      await assert.rejects(db.exec('ALTER TABLE public.ts_measure ENABLE ROW LEVEL SECURITY'), (err) => {
        assert.equal(err.code, '0A000');
        assert.match(err.message, /not supported on hypertables that have (columnstore|compression) enabled/);
        return true;
      });
    } finally {
      await db.exec('ROLLBACK');
    }
    assert.equal(await scalar(db, `SELECT relrowsecurity FROM pg_class WHERE oid = 'public.ts_measure'::regclass`), false);
  });
});

describe('funções de manutenção (no-ops na Community; as políticas nativas agem)', () => {
  const SIGNATURES = [
    'ts_note_write(timestamp with time zone,timestamp with time zone)',
    'ts_refresh_rollups()',
    'ts_apply_retention()',
  ];

  test('existem, são SECURITY DEFINER e PUBLIC não as executa', async () => {
    const found = await rows(db, `
      SELECT p.oid::regprocedure::text AS signature, p.prosecdef,
             has_function_privilege('public', p.oid, 'EXECUTE') AS public_exec
      FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'ts\\_%'
      ORDER BY 1`);
    assert.deepStrictEqual(
      found,
      [...SIGNATURES].sort().map((signature) => ({ signature, prosecdef: true, public_exec: false })),
    );
  });

  test(`${WORKER_ROLE} chama as três; nada muda (sem refresh, sem drop de chunks)`, async () => {
    const chunksBefore = await scalar(db, `SELECT count(*) FROM show_chunks('public.ts_measure')`);
    const m1Before = await scalar(db, 'SELECT count(*) FROM public.ts_measure_1m');
    // Linha nova num minuto ainda não materializado: um refresh de verdade a levaria ao 1m.
    await db.query(`INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_num)
                    VALUES ($1, $2, $3, '2025-03-11 01:33:00+00', 1)`, [TENANT_A, DEVICE_A, POINT_A]);
    // Política de 1 dia: os dados de 2025 estão muito além dela; na Apache, isto apagaria chunks.
    await db.query('UPDATE public.ts_policy SET retention_days = 1');
    const results = await asRole(db, WORKER_ROLE, TENANT_A, async () => ({
      // void: basta não falhar (é chamada na mesma transação da escrita, nas duas edições).
      note: (await db.query(`SELECT public.ts_note_write('2025-03-11 01:33+00', '2025-03-11 01:34+00')`)).rows.length,
      refreshed: await scalar(db, 'SELECT public.ts_refresh_rollups()'),
      dropped: await scalar(db, 'SELECT public.ts_apply_retention()'),
    }), { commit: true });
    await db.query('UPDATE public.ts_policy SET retention_days = 365');
    assert.deepStrictEqual(results, { note: 1, refreshed: 0, dropped: 0 });
    assert.equal(await scalar(db, `SELECT count(*) FROM show_chunks('public.ts_measure')`), chunksBefore);
    assert.equal(await scalar(db, 'SELECT count(*) FROM public.ts_measure_1m'), m1Before);
  });

  test(`${INGEST_ROLE} só chama ts_note_write`, async () => {
    await asRole(db, INGEST_ROLE, TENANT_A, () =>
      db.query(`SELECT public.ts_note_write(now() - INTERVAL '1 minute', now())`));
    await assertFails(db, INGEST_ROLE, TENANT_A, 'SELECT public.ts_refresh_rollups()', '42501', /permission denied for function/);
    await assertFails(db, INGEST_ROLE, TENANT_A, 'SELECT public.ts_apply_retention()', '42501', /permission denied for function/);
  });

  test(`${API_ROLE} não roda manutenção; o prazo de retenção não é argumento (issue 11)`, async () => {
    await asRole(db, API_ROLE, TENANT_A, () =>
      db.query(`SELECT public.ts_note_write(now() - INTERVAL '1 minute', now())`));
    await assertFails(db, API_ROLE, null, 'SELECT public.ts_apply_retention()', '42501', /permission denied for function/);
    await assertFails(db, API_ROLE, null, 'SELECT public.ts_refresh_rollups()', '42501', /permission denied for function/);
    await assertFails(db, WORKER_ROLE, null, 'SELECT public.ts_apply_retention(1)', '42883', /does not exist/);
    await assertFails(db, API_ROLE, null, 'UPDATE public.ts_policy SET retention_days = 1', '42501', /permission denied/);
    await assertFails(db, WORKER_ROLE, null, 'UPDATE public.ts_policy SET retention_days = 1', '42501', /permission denied/);
  });

  test('ts_apply_retention expurga ingest_errors antigos, como na edição Apache', async () => {
    await db.query(`INSERT INTO public.ingest_errors (received_at, topic, payload, reason)
                    VALUES (now() - INTERVAL '400 days', 't', '\\x00', 'antigo')`);
    await asRole(db, WORKER_ROLE, null, () => db.query('SELECT public.ts_apply_retention()'), { commit: true });
    assert.equal(await scalar(db, `SELECT count(*) FROM public.ingest_errors WHERE reason = 'antigo'`), 0);
  });
});

describe('dead letters (ingest_errors)', () => {
  test(`${INGEST_ROLE} e ${API_ROLE} gravam (MQTT e POST /ingest) mas não leem a tabela; ${API_ROLE} lê só as do seu tenant`, async () => {
    const insert = `INSERT INTO public.ingest_errors (tenant_id, topic, payload, reason)
                    VALUES ($1, 'traksense/x/telemetry', '\\x7b7d', 'schema')`;
    await asRole(db, INGEST_ROLE, null, async () => {
      await db.query(insert, [TENANT_A]);
      await db.query(insert, [TENANT_B]);
      await db.query(insert, [null]);
    }, { commit: true });
    await assertSelectDenied(db, INGEST_ROLE, 'public.ingest_errors');
    await assertSelectDenied(db, INGEST_ROLE, 'public.tenant_ingest_errors');
    await assertSelectDenied(db, API_ROLE, 'public.ingest_errors');
    // O caminho HTTP da API (POST /ingest) também grava dead letters, com ou sem tenant conhecido.
    await asRole(db, API_ROLE, null, () => db.query(insert.replace('telemetry', 'http'), [null]), { commit: true });
    await assertFails(db, API_ROLE, TENANT_A, `UPDATE public.ingest_errors SET reason = 'x'`, '42501', /permission denied/);
    await assertFails(db, API_ROLE, TENANT_A, `DELETE FROM public.ingest_errors`, '42501', /permission denied/);

    const seen = await asRole(db, API_ROLE, TENANT_A, () =>
      rows(db, `SELECT tenant_id, reason FROM public.tenant_ingest_errors WHERE topic = 'traksense/x/telemetry'`));
    assert.deepStrictEqual(seen, [{ tenant_id: TENANT_A, reason: 'schema' }]);
    assert.equal(await asRole(db, API_ROLE, null, () => scalar(db, 'SELECT count(*) FROM public.tenant_ingest_errors')), 0);
  });
});
