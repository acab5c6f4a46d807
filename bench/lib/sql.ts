// The SQL a code path runs, captured as it runs (every statement Prisma's pg adapter sends through a pg Pool),
// so that the same statements can be timed again straight through `pg`, with nothing of ours around them.
import pg from 'pg';
import { summarize, type Summary } from './stats';

export interface Statement {
  label: string;
  text: string;
  values: unknown[];
  /** Statements sent while an earlier one of the same stage was still running share its stage number. */
  stage?: number;
}

type QueryArg = string | { text: string; values?: unknown[] };

/** Runs `work` and returns every statement sent through any pg Pool meanwhile. */
export async function captureStatements(work: () => Promise<unknown>): Promise<Statement[]> {
  const captured: Statement[] = [];
  const original = pg.Pool.prototype.query;
  let inFlight = 0;
  let stage = -1;
  const settle = () => void inFlight--;
  const patched = function (this: pg.Pool, arg: QueryArg, ...rest: unknown[]) {
    const text = typeof arg === 'string' ? arg : arg.text;
    const values = typeof arg === 'string' ? ((rest[0] as unknown[]) ?? []) : (arg.values ?? []);
    // A statement sent while none is running waits for the ones before it: a new stage.
    if (inFlight === 0) stage++;
    captured.push({ label: labelOf(text), text, values, stage });
    const result = (original as (...args: unknown[]) => unknown).call(this, arg, ...rest);
    if (result instanceof Promise) {
      inFlight++;
      result.then(settle, settle);
    }
    return result;
  };
  pg.Pool.prototype.query = patched as typeof original;
  try {
    await work();
  } finally {
    pg.Pool.prototype.query = original;
  }
  return captured;
}

/** The tables a statement reads, in order (common table expressions left out): enough to tell them apart. */
function labelOf(text: string): string {
  const ctes = new Set(
    [...text.matchAll(/\b([a-z_]+) AS (?:MATERIALIZED )?\(/gi)].map((match) => match[1].toLowerCase()),
  );
  const tables = [...text.matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)/gi)]
    .map((match) => match[1].toLowerCase())
    .filter((table) => !ctes.has(table) && !['lateral', 'unnest'].includes(table));
  return [...new Set(tables)].join(', ') || text.slice(0, 40);
}

/** Server-side time of each statement: planning + execution from EXPLAIN (ANALYZE, TIMING OFF), median of `runs`. */
export async function explainTimes(pool: pg.Pool, statements: Statement[], runs = 5) {
  const times = [];
  for (const statement of statements) {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { rows } = await pool.query(
        `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${statement.text}`,
        statement.values,
      );
      const plan = rows[0]['QUERY PLAN'][0] as { 'Planning Time': number; 'Execution Time': number };
      samples.push(plan['Planning Time'] + plan['Execution Time']);
    }
    times.push({ label: statement.label, serverMedianMs: Math.round(summarize(samples).medianMs * 100) / 100 });
  }
  return times;
}

/** Client-side time of each statement alone, then of all of them at once (as the page runs them). */
export async function directTimes(pool: pg.Pool, statements: Statement[], runs: number) {
  const each: { label: string; time: Summary }[] = [];
  for (const statement of statements) {
    const samples: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const t0 = performance.now();
      await pool.query(statement.text, statement.values);
      if (i >= 2) samples.push(performance.now() - t0);
    }
    each.push({ label: statement.label, time: summarize(samples) });
  }
  const together: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    await Promise.all(statements.map((statement) => pool.query(statement.text, statement.values)));
    if (i >= 2) together.push(performance.now() - t0);
  }
  return { each, allInParallel: summarize(together) };
}

/**
 * Client-side time of the statements replayed stage by stage, as the code path sent them: the statements of a
 * stage all at once, the next stage when they have all answered (a later one may need an earlier one's result).
 */
export async function stagedTimes(pool: pg.Pool, statements: Statement[], runs: number): Promise<Summary> {
  const stages = new Map<number, Statement[]>();
  for (const statement of statements) {
    const key = statement.stage ?? 0;
    stages.set(key, [...(stages.get(key) ?? []), statement]);
  }
  const ordered = [...stages.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    for (const group of ordered)
      await Promise.all(group.map((statement) => pool.query(statement.text, statement.values)));
    if (i >= 2) samples.push(performance.now() - t0);
  }
  return summarize(samples);
}
