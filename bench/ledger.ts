// Target: the badput ledger of a week at 8,192 GPUs and about 5,000 jobs in under 2 s. On the weekly report's data
// set (bench/lib/report-data.ts, whose per-job hours carry ledger classes), measured in this process:
// - ledgerBy(week, 'team') and ledgerBy(week, 'pool') (the pool view adds each pool's unallocated time): the pricing
//   of every job's allocations, its classes from job_hourly, shared out and summed;
// baseline: spendBetween(week), the weekly report's own pricing of the week in one SQL sum.
import { loadAverage, writeResult } from './lib/machine';
import { benchMain } from './lib/processes';
import { openReportDatabase, WEEK } from './lib/report-data';
import { withScratchDatabase } from './lib/scratch';
import { ratio, round, timeRuns } from './lib/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

export async function benchLedger() {
  const loadBefore = loadAverage();
  return withScratchDatabase(
    'ledger',
    ({ dataDir }) => openReportDatabase(dataDir, 1024),
    async ({ url, dataSet, buildSeconds }) => {
      console.log(`[bench] ledger: data set built in ${buildSeconds} s: ${JSON.stringify(dataSet)}`);

      process.env.DATABASE_URL = url; // read by lib/db on first use, below
      const { ledgerBy } = await import('../lib/queries/ledger/ledger');
      const { spendBetween } = await import('../lib/queries/overview/spend-between');
      const week = { from: WEEK.from, to: WEEK.to };

      const byTeam = await ledgerBy(week, 'team');
      const byTeamRuns = await timeRuns(RUNS, () => ledgerBy(week, 'team'), 1);
      const byPoolRuns = await timeRuns(RUNS, () => ledgerBy(week, 'pool'), 1);
      const spend = await timeRuns(RUNS, () => spendBetween(week.from, week.to), 1);
      console.log(
        `[bench] ledger: by team ${byTeamRuns.medianMs} ms, by pool ${byPoolRuns.medianMs} ms, spendBetween ${spend.medianMs} ms`,
      );
      const baseline = { what: "spendBetween(week): the weekly report's one SQL sum pricing the week", ...spend };
      return writeResult(
        'ledger-8192',
        {
          target: 'the ledger of a week at 8,192 GPUs and ~5,000 jobs: under 2 s',
          dataSet: { ...dataSet, buildSeconds, week },
          ledger: {
            allocatedGpuHours: round(byTeam.total.allocatedGpuHours),
            cost: round(byTeam.total.cost),
            ettr: byTeam.total.ettr,
            teams: byTeam.rows.length,
          },
          byTeam: {
            ...byTeamRuns,
            meetsTarget: byTeamRuns.medianMs < 2000,
            baseline,
            ratioToBaseline: ratio(byTeamRuns.medianMs, spend.medianMs),
          },
          byPool: {
            ...byPoolRuns,
            meetsTarget: byPoolRuns.medianMs < 2000,
            baseline,
            ratioToBaseline: ratio(byPoolRuns.medianMs, spend.medianMs),
          },
        },
        loadBefore,
      );
    },
  );
}

if (import.meta.filename === process.argv[1]) benchMain('ledger-8192', () => benchLedger());
