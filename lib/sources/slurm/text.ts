// Slurm's text formats the API passes through as they are: host lists (`gpu[01-04,07],cpu1`) and GRES strings
// (`gpu:h100:8(S:0-1)` on a node, `gpu:h100:2(IDX:0-1)` per node of a job, `gres/gpu:4` in a TRES request).

/** Splits at commas outside brackets and parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

/** `0-3,7` → [0, 1, 2, 3, 7], keeping zero padding (`01-03` → 01, 02, 03). */
function expandRanges(ranges: string): string[] {
  const out: string[] = [];
  for (const range of ranges.split(',')) {
    const [from, to = from] = range.split('-');
    const width = from.length;
    for (let n = Number(from); n <= Number(to); n++) out.push(String(n).padStart(width, '0'));
  }
  return out;
}

/** Expands one host list entry, bracket group by bracket group: `n[1-2]-g[0-1]` → n1-g0, n1-g1, n2-g0, n2-g1. */
function expandHost(host: string): string[] {
  const open = host.indexOf('[');
  if (open < 0) return [host];
  const close = host.indexOf(']', open);
  const head = host.slice(0, open);
  const rest = host.slice(close + 1);
  return expandRanges(host.slice(open + 1, close)).flatMap((n) => expandHost(`${head}${n}${rest}`));
}

/** Expands a Slurm host list: `gpu[01-03],login1` → gpu01, gpu02, gpu03, login1. */
export function expandHostlist(hostlist: string | null | undefined): string[] {
  if (!hostlist || hostlist === '(null)') return [];
  return splitTop(hostlist).flatMap(expandHost);
}

/** An index list as Slurm prints it (`0-1,4`), or N/A. */
export function expandIndices(list: string): number[] {
  if (!/^[\d,-]+$/.test(list)) return [];
  return expandRanges(list).map(Number);
}

export interface NodeGpus {
  /** The GRES type, such as `h100`; null when the GRES is untyped (`gpu:8`). */
  type: string | null;
  count: number;
}

const GPU_GRES = /^gpu(?::([^:(]+))?:(\d+)/;

/** A node's GPUs from its `gres` (`gpu:h100:8(S:0-1),nic:2`); one entry per GPU type. */
export function nodeGpus(gres: string | null | undefined): NodeGpus[] {
  if (!gres || gres === '(null)') return [];
  return splitTop(gres).flatMap((part) => {
    const match = GPU_GRES.exec(part);
    return match ? [{ type: match[1] ?? null, count: Number(match[2]) }] : [];
  });
}

/** The GPU indices one node's `gres_detail` entry names: `gpu:h100:2(IDX:0-1)` → [0, 1]. */
export function detailGpuIndices(detail: string): number[] {
  const indices: number[] = [];
  for (const part of splitTop(detail)) {
    if (!/^gpu(:|\()/.test(part)) continue;
    const idx = /\(IDX:([^)]*)\)/.exec(part);
    if (idx) indices.push(...expandIndices(idx[1]));
  }
  return indices;
}

/**
 * GPUs in a TRES string: a request (`gres/gpu:4`, `gres:gpu:h100:4` on 22.05, `gres/gpu:h100=4`) or an
 * allocation (`cpu=8,gres/gpu=4,gres/gpu:h100=4`, where the typed count repeats the untyped one). Null: none named.
 */
export function tresGpus(tres: string | null | undefined): number | null {
  if (!tres) return null;
  let untyped: number | null = null;
  let typed = 0;
  let sawTyped = false;
  for (const part of splitTop(tres)) {
    const match = /^gres[/:]gpu(?::([^:=]+))?[:=](\d+)$/.exec(part);
    if (!match) continue;
    if (match[1] === undefined) untyped = (untyped ?? 0) + Number(match[2]);
    else {
      sawTyped = true;
      typed += Number(match[2]);
    }
  }
  return untyped ?? (sawTyped ? typed : null);
}
