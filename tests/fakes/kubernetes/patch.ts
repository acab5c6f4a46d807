// Label and field selectors, and the patch formats clients send (JSON merge patch, strategic merge patch, JSON
// patch), as the API server applies them to the fake's objects.
import { fieldValue, statusAnswer, clone, type Answer, type KubeObject } from './types';

type Requirement =
  | { key: string; op: 'exists' }
  | { key: string; op: 'notexists' }
  | { key: string; op: 'in'; values: string[] }
  | { key: string; op: 'notin'; values: string[] };

/** A label selector as kubectl writes it: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`, comma-joined. */
export function parseSelector(selector: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current);
  const key = String.raw`([A-Za-z0-9][-A-Za-z0-9_./]*)`;
  return parts.map((raw) => {
    const part = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^${key}\\s+(in|notin)\\s+\\(([^)]*)\\)$`).exec(part))) {
      return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()) };
    }
    if ((m = new RegExp(`^${key}\\s*(==|=|!=)\\s*([-A-Za-z0-9_.]*)$`).exec(part))) {
      return { key: m[1], op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] };
    }
    if ((m = new RegExp(`^!${key}$`).exec(part))) return { key: m[1], op: 'notexists' };
    if ((m = new RegExp(`^${key}$`).exec(part))) return { key: m[1], op: 'exists' };
    throw new Error(`unable to parse requirement: ${JSON.stringify(part)}`);
  });
}

export function matchesLabels(labels: Record<string, string>, requirements: Requirement[]): boolean {
  return requirements.every((r) => {
    const has = r.key in labels;
    if (r.op === 'exists') return has;
    if (r.op === 'notexists') return !has;
    if (r.op === 'in') return has && r.values.includes(labels[r.key]);
    return !has || !r.values.includes(labels[r.key]);
  });
}

/** Field selectors the API server supports for these kinds (metadata.name and metadata.namespace for all). */
const FIELDS: Record<string, string[]> = {
  pods: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
  ],
  nodes: ['spec.unschedulable'],
  jobs: ['status.successful'],
};

/**
 * A field selector as a test of objects, or the API's message for a field it cannot select on. Parsed once, as
 * the API server does, so a list of tens of thousands of pods is filtered quickly.
 */
export function fieldSelector(selector: string, plural: string): ((object: KubeObject) => boolean) | string {
  const terms: { field: string; negated: boolean; wanted: string }[] = [];
  for (const part of selector ? selector.split(',') : []) {
    const m = /^([A-Za-z.]+)\s*(==|=|!=)\s*(.*)$/.exec(part.trim());
    if (!m) return `invalid field selector: ${part}`;
    const [, field, op, wanted] = m;
    if (!['metadata.name', 'metadata.namespace', ...(FIELDS[plural] ?? [])].includes(field)) {
      return `field label not supported: ${field}`;
    }
    terms.push({ field, negated: op === '!=', wanted });
  }
  return (object) =>
    terms.every(({ field, negated, wanted }) => {
      const raw = fieldValue(object, field);
      const actual = raw === undefined || raw === null ? '' : String(raw);
      return negated !== (actual === wanted);
    });
}

/** RFC 7386: objects merge key by key, null removes, anything else (lists too) replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** RFC 6902 add / remove / replace / test, enough for what clients send. A string is the API's error message. */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) return 'the JSON patch must be a list of operations';
  for (const op of patch as { op?: string; path?: string; value?: unknown }[]) {
    const parts = (op.path ?? '')
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop();
    const parent = parts.reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part],
      target,
    ) as Record<string, unknown> | unknown[] | undefined;
    if (last === undefined || parent === null || typeof parent !== 'object')
      return `jsonpatch ${op.op} operation does not apply: doc is missing path: "${op.path}"`;
    const container = parent as Record<string, unknown>;
    if (op.op === 'add' || op.op === 'replace') {
      if (Array.isArray(parent) && last === '-') parent.push(op.value);
      else container[last] = op.value;
    } else if (op.op === 'remove') {
      if (!(last in container)) return `jsonpatch remove operation does not apply: doc is missing key: ${op.path}`;
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete container[last];
    } else if (op.op === 'test') {
      if (JSON.stringify(container[last]) !== JSON.stringify(op.value)) return `testing value ${op.path} failed`;
    } else return `Unexpected kind: ${op.op}`;
  }
  return target;
}

/**
 * Applies a patch by its content type. A strategic merge patch is applied as a merge patch with its directives
 * (`$patch`, `$retainKeys`, `$setElementOrder/…`) dropped: what kubectl cordon, uncordon and drain send needs no
 * more.
 */
export function patchWith(
  object: unknown,
  contentType: string | null,
  body: unknown,
): { object: unknown } | { error: Answer } {
  if (contentType === 'application/merge-patch+json') return { object: applyMergePatch(clone(object), body) };
  if (contentType === 'application/strategic-merge-patch+json') {
    return { object: applyMergePatch(clone(object), withoutDirectives(body)) };
  }
  if (contentType === 'application/json-patch+json') {
    const result = applyJsonPatch(clone(object), body);
    return typeof result === 'string' ? { error: statusAnswer(422, 'Invalid', result) } : { object: result };
  }
  return {
    error: statusAnswer(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json',
    ),
  };
}

function withoutDirectives(patch: unknown): unknown {
  if (Array.isArray(patch)) return patch.map(withoutDirectives);
  if (patch === null || typeof patch !== 'object') return patch;
  return Object.fromEntries(
    Object.entries(patch)
      .filter(([key]) => !key.startsWith('$'))
      .map(([key, value]) => [key, withoutDirectives(value)]),
  );
}
