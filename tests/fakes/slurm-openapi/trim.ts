// Cuts a slurmrestd OpenAPI document down to the operations the console uses and the schemas they reach, so the
// fakes can be checked against it: `npx tsx tests/fakes/slurm-openapi/trim.ts full.json v0.0.41 > v0.0.41.json`.
import { readFileSync } from 'node:fs';

export const OPERATIONS: Record<string, string[]> = {
  'ping/': ['get'],
  'nodes/': ['get'],
  'node/{node_name}': ['get', 'post'],
  'jobs/': ['get'],
  'job/{job_id}': ['get', 'post', 'delete'],
  'job/{job_id}/requeue': ['get'],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function refsIn(value: Json, found: Set<string>) {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.add(item.replace('#/components/schemas/', ''));
      else refsIn(item, found);
    }
  }
}

function trim(document: { [key: string]: Json }, version: string) {
  const paths = document.paths as { [path: string]: { [method: string]: Json } };
  const kept: { [path: string]: { [method: string]: Json } } = {};
  for (const [suffix, methods] of Object.entries(OPERATIONS)) {
    const item = paths[`/slurm/${version}/${suffix}`];
    if (!item) continue;
    kept[`/slurm/${version}/${suffix}`] = Object.fromEntries(methods.filter((m) => item[m]).map((m) => [m, item[m]]));
  }
  const schemas = (document.components as { schemas: { [name: string]: Json } }).schemas;
  const reached = new Set<string>();
  refsIn(kept, reached);
  for (let size = 0; size !== reached.size;) {
    size = reached.size;
    for (const name of [...reached]) refsIn(schemas[name], reached);
  }
  return {
    openapi: document.openapi,
    info: document.info,
    paths: kept,
    components: { schemas: Object.fromEntries([...reached].sort().map((name) => [name, schemas[name]])) },
  };
}

const [file, version] = process.argv.slice(2);
if (file && version) {
  process.stdout.write(`${JSON.stringify(trim(JSON.parse(readFileSync(file, 'utf8')), version), null, 1)}\n`);
}
