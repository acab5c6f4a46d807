// Figures of bench/results/*.json as a Markdown table: those of one run (what `npm run bench` prints at its
// end), or every stored one (`npm run bench -- --table`, for docs/benchmarks.md), each row with its date, commit, load.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resultsDir } from './machine';
import { fleetRows, scaleTable } from './summary-fleet';

/* eslint-disable @typescript-eslint/no-explicit-any -- reads back our own JSON, whatever version wrote it */
let onlyRun: string | null = null;
const read = (name: string): any => {
  const file = path.join(resultsDir, `${name}.json`);
  if (!existsSync(file)) return null;
  const result = JSON.parse(readFileSync(file, 'utf8'));
  return onlyRun === null || result.runId === onlyRun ? result : null;
};

/**
 * The date, commit and load (median of the one-minute load average during the run; 2 cores) of a result, and what a
 * partial run left out.
 */
export const when = (result: any) =>
  `${result.date.slice(0, 10)} ${result.commit}${result.uncommittedFiles ? '+' : ''}, load ${result.loadAverage.during?.median ?? result.loadAverage.before[0]}${result.partial ? `, partial: ${result.partial}` : ''}`;
const verdict = (ok: boolean | null | undefined) => (ok === null || ok === undefined ? '' : ok ? 'met' : '**missed**');

export function summaryRows(run: string | null = null): string[] {
  onlyRun = run;
  const rows: string[] = [];
  const first = read('first-start');
  if (first) {
    const base = `next build ${first.baseline.seconds} s`;
    for (const key of ['first', 'second'] as const) {
      const run = first[key];
      const ready = run.seconds.healthAnswers200;
      rows.push(
        `| ${key} start: /api/health 200 (ready line; worker caught up) | < 60 s | ${ready} s (${run.seconds.readyLine} s; ${run.seconds.workerCaughtUp} s) | ${verdict(ready !== null && ready < 60)} | ${run.ratioToBaseline.healthAnswers200} x ${base} | ${when(first)} |`,
      );
    }
  }
  for (const which of ['demo', '8192']) {
    const result = read(`overview-${which}`);
    if (!result) continue;
    for (const [range, byRange] of Object.entries<any>(result.inProcess.byRange)) {
      const page = result.verdict[range];
      const raw = byRange.rawSql.allInParallel.medianMs;
      const measured = page
        ? `${page.pageMedianMs} ms (getOverview ${byRange.getOverview.medianMs} ms)`
        : `getOverview ${byRange.getOverview.medianMs} ms`;
      rows.push(
        `| overview ${which}, ${range}: whole render median | < ${result.targetMs} ms | ${measured} | ${verdict(page?.meetsTarget)} | ${page ? page.pageToRawSql : byRange.getOverviewToRawSql} x raw SQL ${raw} ms | ${when(result)} |`,
      );
    }
    const late = result.inProcess.endOfDay24h;
    if (late) {
      rows.push(
        `| overview ${which}, 24h at 23:59 (whole day of spend): getOverview median | < ${result.targetMs} ms | ${late.getOverview.medianMs} ms | ${verdict(late.getOverview.medianMs < result.targetMs)} | ${late.getOverviewToRawSql} x raw SQL ${late.rawSql.allInParallel.medianMs} ms | ${when(result)} |`,
      );
    }
  }
  const jobs = read('jobs');
  if (jobs) {
    const base = (m: any) => `${m.ratioToRawSql} x raw SQL ${m.rawSql.allInParallelMs} ms`;
    for (const [name, m] of Object.entries<any>(jobs.inProcess.list)) {
      const target = name === Object.keys(jobs.inProcess.list)[0];
      const week = jobs.verdict.utilizationWeek && name === 'all 5,000 sorted by utilization, 7 days';
      const goal = target ? '< 100 ms' : week ? '< 150 ms' : '';
      const met = target
        ? verdict(jobs.verdict.list.meetsTarget)
        : week
          ? verdict(jobs.verdict.utilizationWeek.meetsTarget)
          : '';
      rows.push(
        `| jobs list (5,000), ${name}, ${m.range}: listJobs median | ${goal} | ${m.inProcess.medianMs} ms | ${met} | ${base(m)} | ${when(jobs)} |`,
      );
    }
    for (const [range, m] of Object.entries<any>(jobs.inProcess.job)) {
      const target = range === '7d';
      rows.push(
        `| job page, 512 GPUs, ${range} (${m.points} points): getJob median | ${target ? '< 300 ms' : ''} | ${m.inProcess.medianMs} ms | ${target ? verdict(jobs.verdict.job.meetsTarget) : ''} | ${base(m)} | ${when(jobs)} |`,
      );
    }
    for (const [name, summary] of Object.entries<any>(jobs.http?.list ?? {})) {
      rows.push(`| GET /jobs (${name}): whole render median | | ${summary.medianMs} ms | | | ${when(jobs)} |`);
    }
    for (const [range, summary] of Object.entries<any>(jobs.http?.job ?? {})) {
      rows.push(
        `| GET /jobs/:id, 512 GPUs, ${range}: whole render median | | ${summary.medianMs} ms | | | ${when(jobs)} |`,
      );
    }
    for (const [name, page] of Object.entries<any>(jobs.http?.pages ?? {})) {
      rows.push(
        `| ${name} (${page.path}), warm in Chromium: drawn, median | < 1 s | ${page.chromium.readyMs.medianMs} ms | ${verdict(page.chromium.readyMs.medianMs < 1000)} | server render ${page.server.medianMs} ms | ${when(jobs)} |`,
      );
    }
  }
  const collect = read('collect-8192');
  if (collect) {
    rows.push(
      `| collect one 8,192-GPU minute live | < 2 s | ${collect.liveMinute.medianMs} ms | ${verdict(collect.meetsTarget)} | ${collect.ratioToBaseline} x COPY ${collect.baseline.intoGpuSample.medianMs} ms | ${when(collect)} |`,
      `| … within 2 x a bare COPY of its rows (less the simulator's saved model; the console's own table writes) | <= 2 x COPY | ${collect.ratioToBaseline} x (${collect.withoutSourceStateRatioToBaseline ?? '–'} x; ${collect.tablesRatioToBaseline ?? '–'} x) | ${verdict(collect.ratioToBaseline <= 2)} | ${collect.baseline.rows} rows | ${when(collect)} |`,
    );
  }
  const prometheus = read('prometheus-collect-8192');
  if (prometheus) {
    rows.push(
      `| collect one live 8,192-GPU minute through a real Prometheus, median (p95) | < 2 s | ${prometheus.prometheus.medianMs} ms (${prometheus.prometheus.p95Ms}) | ${verdict(prometheus.meetsTarget)} | ${prometheus.ratioToBaseline} x the simulator's own ${prometheus.baseline.medianMs} ms | ${when(prometheus)} |`,
    );
  }
  for (const [size, gpus] of [
    ['8192', '8,192'],
    ['32768', '32,768'],
  ]) {
    const map = read(`fleet-map-${size}`);
    if (!map) continue;
    const v = map.verdict;
    const page = (label: string, figure: any) =>
      `| fleet map ${gpus} GPUs: ${label}, median (p95) | < ${map.targetMs.interactive} ms | ${figure.medianMs} ms (${figure.p95Ms}) | ${verdict(figure.meetsTarget)} | ${figure.ratio} x sign-in page ready ${figure.baselineMedianMs} ms | ${when(map)} |`;
    rows.push(page('first draw', v.firstDrawFresh), page('key answered', v.keyAnsweredFresh));
    for (const [label, figure] of [
      ['Temperature', v.recolourTemperature],
      ['Health', v.recolourHealth],
    ]) {
      rows.push(
        `| fleet map ${gpus} GPUs: recolour to ${label}, drawn, median (p95) | < ${map.targetMs.recolour} ms | ${figure.medianMs} ms (${figure.p95Ms}) | ${verdict(figure.meetsTarget)} | ${figure.ratio} x same radio (to a frame, ${figure.frameMedianMs} vs ${figure.baselineMedianMs} ms) | ${when(map)} |`,
      );
    }
    const server = map.inProcess;
    rows.push(
      `| fleet map ${gpus} GPUs: getFleetMap median | | ${server.getFleetMap.medianMs} ms | | ${server.getFleetMapToRawSql} x raw SQL ${server.rawSql.staged.medianMs} ms | ${when(map)} |`,
    );
  }
  const report = read('report-8192');
  if (report) {
    rows.push(
      `| weekly report, 8,192 GPUs / ${report.dataSet.jobsInWeek} jobs: generated, median | < 2 s | ${report.generate.medianMs} ms | ${verdict(report.generate.meetsTarget)} | ${report.generate.ratioToBaseline} x spendBetween ${report.generate.baseline.medianMs} ms | ${when(report)} |`,
      `| … its PDF, median | < 5 s | ${report.pdf.medianMs} ms | ${verdict(report.pdf.meetsTarget)} | ${report.pdf.ratioToBaseline} x one-page PDF ${report.pdf.baseline.medianMs} ms | ${when(report)} |`,
    );
  }
  const ledger = read('ledger-8192');
  if (ledger) {
    for (const [by, m] of [
      ['team', ledger.byTeam],
      ['pool', ledger.byPool],
    ] as const) {
      rows.push(
        `| ledger of a week, 8,192 GPUs / ${ledger.dataSet.jobsInWeek} jobs, by ${by}: median (p95) | < 2 s | ${m.medianMs} ms (${m.p95Ms}) | ${verdict(m.meetsTarget)} | ${m.ratioToBaseline} x spendBetween ${m.baseline.medianMs} ms | ${when(ledger)} |`,
      );
    }
  }
  rows.push(...fleetRows(read, when));
  const kubernetes = read('kubernetes-read');
  if (kubernetes) {
    const d = kubernetes.dataSet;
    const baseline = `fetch and JSON.parse of the same lists ${kubernetes.fetchAndParse.medianMs} ms`;
    // A result from before the source kept a watched cache: one figure, every step listing everything.
    if (!kubernetes.steadyStep)
      rows.push(
        `| Kubernetes source (listing at every step): read ${d.nodes} nodes and ${d.pods} pods (${d.pages} pages), median (p95) | < 2 s | ${kubernetes.read.medianMs} ms (${kubernetes.read.p95Ms}) | ${verdict(kubernetes.verdict.meetsTarget)} | ${kubernetes.ratio} x ${baseline} | ${when(kubernetes)} |`,
      );
    else
      rows.push(
        `| Kubernetes source, ${d.nodes} nodes and ${d.pods} pods (${d.podChangesPerSecond} pod changes/s): a steady step, from the watched cache, median (p95) | < 2 s | ${kubernetes.steadyStep.medianMs} ms (${kubernetes.steadyStep.p95Ms}) | ${verdict(kubernetes.verdict.meetsTarget)} | ${kubernetes.ratio.steadyStepToBaseline} x ${baseline} | ${when(kubernetes)} |`,
        `| … the first step, listing all (${d.pages} pages) and starting the watches, median (p95) | | ${kubernetes.firstStep.medianMs} ms (${kubernetes.firstStep.p95Ms}) | | ${kubernetes.ratio.firstStepToBaseline} x ${baseline} | ${when(kubernetes)} |`,
      );
  }
  const load = read('load');
  if (load) {
    const title = `load, ${load.readers} readers and ${load.operators} operators for ${load.seconds} s`;
    for (const route of load.routes) {
      const refusals = route.expected503 ? `, ${route.expected503} x 503 while the database was down` : '';
      rows.push(
        `| ${title}: GET ${route.route}, p50 / p95 / p99 (${route.requests} requests) | no errors | ${route.p50Ms} / ${route.p95Ms} / ${route.p99Ms} ms | ${verdict(route.errors === 0)}${refusals} | | ${when(load)} |`,
      );
    }
    const acts = load.operatorActions;
    rows.push(
      `| ${title}: an action double-submitted, p50 / p95 / p99 (${acts.sent} pairs) | one answer | ${acts.p50Ms} / ${acts.p95Ms} / ${acts.p99Ms} ms | ${verdict(acts.twinsAnsweredDifferently === 0)} | | ${when(load)} |`,
      `| ${title}: actions taking effect twice / notifications delivered twice / not delivered / pool-minutes missing | 0 / 0 / 0 / 0 | ${load.duplicateEffects} / ${load.duplicateDeliveries} / ${load.undelivered} / ${load.minutes.missing} | ${verdict(load.duplicateEffects + load.duplicateDeliveries + load.undelivered + load.minutes.missing === 0)} | | ${when(load)} |`,
    );
  }
  const slurm = read('slurm-1024');
  if (slurm) {
    const c = slurm.cluster;
    rows.push(
      `| Slurm source, ${c.nodes} nodes / ${c.jobs} jobs (${c.apiVersion}): one step, median (p95) | < 2 s | ${slurm.sourceStep.medianMs} ms (${slurm.sourceStep.p95Ms}) | ${verdict(slurm.meetsTarget)} | ${slurm.ratioToParse} x JSON.parse alone ${slurm.baseline.parseOnly.medianMs} ms | ${when(slurm)} |`,
      `| … the Slurm read alone, median | | ${slurm.schedulerRead.medianMs} ms | | ${slurm.ratioReadToFetchAndParse} x fetch and parse ${slurm.baseline.fetchAndParse.medianMs} ms | ${when(slurm)} |`,
    );
  }
  return rows;
}

/** Prints the figures of run `run` only (null: every stored result, each with its own date). */
export function printSummary(run: string | null) {
  const rows = summaryRows(run);
  if (!rows.length) {
    console.log(run ? '\n[bench] this run produced no figures' : '\n[bench] no stored results');
    return;
  }
  console.log(run ? `\nFigures of this run (${run}):` : '\nStored figures, each of its own run:');
  console.log('\n| figure | target | measured | verdict | ratio vs baseline | date, commit, load |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  const scale = scaleTable(read, when);
  if (scale.length) console.log(['', 'How cost grows with the fleet:', '', ...scale].join('\n'));
}
