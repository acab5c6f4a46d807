// The latest figures of bench/results/*.json as a Markdown table (the one in README's Benchmarks section).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resultsDir } from './machine';

/* eslint-disable @typescript-eslint/no-explicit-any -- reads back our own JSON, whatever version wrote it */
const read = (name: string): any => {
  const file = path.join(resultsDir, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
};

const when = (result: any) => `${result.date.slice(0, 10)}, load ${result.loadAverage.before[0]}`;
const verdict = (ok: boolean | null | undefined) => (ok === null || ok === undefined ? '' : ok ? 'met' : '**missed**');

export function summaryRows(): string[] {
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
  const collect = read('collect-8192');
  if (collect) {
    rows.push(
      `| collect one 8,192-GPU minute live | < 2 s | ${collect.liveMinute.medianMs} ms | ${verdict(collect.meetsTarget)} | ${collect.ratioToBaseline} x COPY ${collect.baseline.intoGpuSample.medianMs} ms | ${when(collect)} |`,
    );
  }
  const report = read('report-8192');
  if (report) {
    rows.push(
      `| weekly report, 8,192 GPUs / ${report.dataSet.jobsInWeek} jobs: generated, median | < 2 s | ${report.generate.medianMs} ms | ${verdict(report.generate.meetsTarget)} | ${report.generate.ratioToBaseline} x spendBetween ${report.generate.baseline.medianMs} ms | ${when(report)} |`,
      `| … its PDF, median | < 5 s | ${report.pdf.medianMs} ms | ${verdict(report.pdf.meetsTarget)} | ${report.pdf.ratioToBaseline} x one-page PDF ${report.pdf.baseline.medianMs} ms | ${when(report)} |`,
    );
  }
  return rows;
}

export function printSummary() {
  const rows = summaryRows();
  if (!rows.length) return;
  console.log('\n| figure | target | measured | verdict | ratio vs baseline | date, load |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}
