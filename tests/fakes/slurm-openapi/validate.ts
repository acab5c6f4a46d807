// Checks bodies against slurmrestd's own OpenAPI documents (the trimmed copies beside this file), with ajv.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Document = {
  paths: Record<string, Record<string, { responses?: Record<string, Json>; requestBody?: Json }>>;
  components: { schemas: Record<string, Json> };
};

/** The versions with a document here: those whose fakes are checked against it. */
export const DOCUMENTED_VERSIONS = ['v0.0.40', 'v0.0.41', 'v0.0.42', 'v0.0.43', 'v0.0.44', 'v0.0.45'] as const;

/**
 * Slurm's generator writes a required field of a nested object as a path (`nodes/count`), which JSON Schema
 * reads as a property named with a slash; such entries are read as requiring the outer property.
 */
function requiredAsWritten(value: Json): Json {
  if (Array.isArray(value)) return value.map(requiredAsWritten);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === 'required' && Array.isArray(item)) {
        return [key, [...new Set(item.map((name) => String(name).split('/')[0]))]];
      }
      return [key, requiredAsWritten(item)];
    }),
  );
}

const documents = new Map<string, { document: Document; ajv: Ajv }>();

export function slurmDocument(version: string): { document: Document; ajv: Ajv } {
  let entry = documents.get(version);
  if (!entry) {
    const file = path.join(import.meta.dirname, `${version}.json`);
    const document = requiredAsWritten(JSON.parse(readFileSync(file, 'utf8'))) as unknown as Document;
    const ajv = new Ajv({ strict: false, allErrors: true });
    for (const format of ['int32', 'int64', 'double', 'float']) ajv.addFormat(format, true);
    ajv.addSchema({ components: document.components } as object, 'slurm');
    documents.set(version, (entry = { document, ajv }));
  }
  return entry;
}

type Method = 'get' | 'post' | 'delete';

function schemaRef(schema: Json | undefined): string | null {
  const ref = (schema as { content?: { 'application/json'?: { schema?: { $ref?: string } } } } | undefined)?.content?.[
    'application/json'
  ]?.schema?.$ref;
  return ref ?? null;
}

function validator(version: string, ref: string): ValidateFunction {
  const { ajv } = slurmDocument(version);
  const validate = ajv.getSchema(`slurm${ref}`);
  if (!validate) throw new Error(`${version}: no schema ${ref}`);
  return validate;
}

function operation(version: string, suffix: string, method: Method) {
  const { document } = slurmDocument(version);
  const op = document.paths[`/slurm/${version}/${suffix}`]?.[method];
  if (!op) throw new Error(`${version} has no ${method.toUpperCase()} ${suffix}`);
  return op;
}

const problems = (validate: ValidateFunction) =>
  (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);

/** What is wrong with a 200 answer of an operation (path as the document writes it, e.g. `job/{job_id}`). */
export function responseProblems(version: string, suffix: string, method: Method, body: unknown): string[] {
  const ref = schemaRef(operation(version, suffix, method).responses?.['200']);
  if (!ref) throw new Error(`${version} ${method.toUpperCase()} ${suffix} documents no JSON answer`);
  const validate = validator(version, ref);
  return validate(body) ? [] : problems(validate);
}

/** What is wrong with a request body, or null when the operation takes none. */
export function requestProblems(version: string, suffix: string, method: Method, body: unknown): string[] | null {
  const ref = schemaRef(operation(version, suffix, method).requestBody);
  if (!ref) return null;
  const validate = validator(version, ref);
  return validate(body) ? [] : problems(validate);
}
