// Gera os tipos TypeScript dos contratos: shared/types/<módulo>.ts a partir de shared/schemas/<módulo>.json
// (json-schema-to-typescript) e shared/types/api.openapi.ts a partir do OpenAPI (openapi-typescript).
// Uso: node gen-types.mjs <dir-schemas> <arquivo-openapi.json> <dir-saída>   (scripts/dev.sh contracts)
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { compile } from 'json-schema-to-typescript';
import openapiTS, { astToString } from 'openapi-typescript';

const [schemasDir, openapiFile, outDir] = process.argv.slice(2);
if (!schemasDir || !openapiFile || !outDir) {
  console.error('uso: node gen-types.mjs <dir-schemas> <openapi.json> <dir-saída>');
  process.exit(2);
}
const BANNER = (src) =>
  `/* Gerado por scripts/dev.sh contracts a partir de ${src}. NÃO EDITE: altere o pacote contracts/ e regenere. */`;

await mkdir(outDir, { recursive: true });
const openapiName = path.basename(openapiFile);
const modules = (await readdir(schemasDir)).filter((f) => f.endsWith('.json') && f !== openapiName).sort();
const names = [];
for (const file of modules) {
  const name = path.basename(file, '.json');
  const schema = JSON.parse(await readFile(path.join(schemasDir, file), 'utf8'));
  const ts = await compile(schema, schema.title, {
    bannerComment: BANNER(`shared/schemas/${file}`),
    unreachableDefinitions: true,
    additionalProperties: false,
    strictIndexSignatures: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
  });
  await writeFile(path.join(outDir, `${name}.ts`), ts);
  names.push(name);
}

const openapi = JSON.parse(await readFile(openapiFile, 'utf8'));
const ast = await openapiTS(openapi, { alphabetize: true });
await writeFile(
  path.join(outDir, 'api.openapi.ts'),
  `${BANNER('shared/schemas/openapi.json')}\n\n${astToString(ast)}`,
);

const index = names.map((n) => `export * as ${n} from './${n}';`).join('\n');
await writeFile(
  path.join(outDir, 'index.ts'),
  `${BANNER('shared/schemas/')}\n\n${index}\nexport type * as openapi from './api.openapi';\n`,
);
