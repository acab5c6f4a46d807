// SLO evaluation for what the collected data can measure today: GPU availability (healthy GPU-minutes over
// provisioned GPU-minutes, from the fleet rollup) over the SLO's window and over every burn-rate window.
import type { Pool } from 'pg';
import { BURN_RATE_WINDOWS_MINUTES, budgetRemaining, burnRate, errorRatio, gpuAvailabilitySli } from '@/lib/domain/slo';

/** Records a snapshot for each enabled GPU-availability SLO as of `now`. Returns how many were written. */
export async function evaluateSlos(pool: Pool, now: Date): Promise<number> {
  const { rows: slos } = await pool.query<{ id: number; target: number; window_days: number }>(
    `SELECT id, target, window_days FROM slo WHERE enabled AND kind = 'gpu_availability'`,
  );
  if (!slos.length) return 0;
  const at = new Date(now.getTime() - (now.getTime() % 60_000));
  const longest = Math.max(...slos.map((slo) => slo.window_days * 1440), ...BURN_RATE_WINDOWS_MINUTES);
  const windows = [...new Set([...BURN_RATE_WINDOWS_MINUTES, ...slos.map((slo) => slo.window_days * 1440)])];
  // One pass over the rollup: sums for every window at once.
  const sums = windows
    .map(
      (
        minutes,
      ) => `sum(healthy_gpus) FILTER (WHERE ts > $1::timestamptz - interval '${minutes} minutes') AS h${minutes},
       sum(provisioned_gpus) FILTER (WHERE ts > $1::timestamptz - interval '${minutes} minutes') AS p${minutes}`,
    )
    .join(',\n');
  const { rows } = await pool.query<Record<string, string | null>>(
    `SELECT ${sums} FROM pool_minute WHERE ts > $1::timestamptz - interval '${longest} minutes' AND ts <= $1`,
    [at],
  );
  const totals = rows[0];
  const ratio = (minutes: number) => errorRatio(Number(totals[`h${minutes}`] ?? 0), Number(totals[`p${minutes}`] ?? 0));

  for (const slo of slos) {
    const windowMinutes = slo.window_days * 1440;
    const sli = gpuAvailabilitySli(Number(totals[`h${windowMinutes}`] ?? 0), Number(totals[`p${windowMinutes}`] ?? 0));
    if (sli === null) continue;
    const burnRates = Object.fromEntries(
      BURN_RATE_WINDOWS_MINUTES.map((minutes) => {
        const errors = ratio(minutes);
        return [minutes, errors === null ? null : burnRate(errors, slo.target)];
      }),
    );
    await pool.query(
      `INSERT INTO slo_snapshot (slo_id, at, sli, budget_remaining, burn_rates) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (slo_id, at) DO UPDATE SET sli = EXCLUDED.sli, budget_remaining = EXCLUDED.budget_remaining,
         burn_rates = EXCLUDED.burn_rates`,
      [slo.id, at, sli, budgetRemaining(slo.target, sli), JSON.stringify(burnRates)],
    );
  }
  return slos.length;
}
