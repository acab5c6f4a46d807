// Targets: the weekly report for 8,192 GPUs and about 5,000 jobs in the week, generated in under 2 s, and its
// PDF in under 5 s. On a data set written straight into PostgreSQL (bench/lib/report-data.ts), measured in this
// process (run under `node --conditions=react-server --import tsx`, where `server-only` may be imported):
// - buildWeeklyReport(week): every query and all the shaping; baseline: spendBetween(week), the overview's own
//   pricing of the same week's allocations in one SQL sum (what any weekly figure costs at least);
// - renderReportPdf(report); baseline: a one-page PDF of the headline with the same library (pdfkit's floor).
import PDFDocument from 'pdfkit';
import { loadAverage, writeResult } from './lib/machine';
import { benchMain } from './lib/processes';
import { openReportDatabase, WEEK } from './lib/report-data';
import { withScratchDatabase } from './lib/scratch';
import { ratio, round, timeRuns } from './lib/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function onePagePdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica').fontSize(11).text(text);
  doc.end();
  return done;
}

/** The report's sizes: 8,192 GPUs is the target's; 1,024 and 32,768 show how its cost grows with the fleet. */
export const REPORT_SIZES = ['1024', '8192', '32768'];

export async function benchReport(size = '8192') {
  if (!REPORT_SIZES.includes(size))
    throw new Error(`No report data set of ${size} GPUs; known: ${REPORT_SIZES.join(', ')}`);
  const gpus = Number(size);
  const loadBefore = loadAverage();
  return withScratchDatabase(
    'report',
    ({ dataDir }) => openReportDatabase(dataDir, gpus / 8),
    async ({ url, dataSet, buildSeconds }) => {
      console.log(`[bench] report: data set built in ${buildSeconds} s: ${JSON.stringify(dataSet)}`);

      process.env.DATABASE_URL = url; // read by lib/db on first use, below
      const { buildWeeklyReport } = await import('../lib/reports/weekly');
      const { renderReportPdf } = await import('../lib/reports/pdf');
      const { parseWeek } = await import('../lib/reports/week');
      const { spendBetween } = await import('../lib/queries/overview/spend-between');
      const { headline } = await import('../lib/reports/format');
      const week = parseWeek('2026-11-16', 'UTC')!;
      const now = new Date(WEEK.to.getTime() + 86_400_000);

      const firstCall = performance.now();
      const report = await buildWeeklyReport(week, now);
      const firstCallMs = round(performance.now() - firstCall);
      const generate = await timeRuns(RUNS, () => buildWeeklyReport(week, now), 1);
      const spend = await timeRuns(RUNS, () => spendBetween(week.from, week.to), 1);
      console.log(`[bench] report: build ${generate.medianMs} ms, spendBetween ${spend.medianMs} ms`);
      const pdf = await timeRuns(RUNS, () => renderReportPdf(report), 1);
      const floor = await timeRuns(RUNS, () => onePagePdf(headline(report)), 1);
      const bytes = (await renderReportPdf(report)).length;
      console.log(`[bench] report: PDF ${pdf.medianMs} ms (${bytes} bytes), one-page PDF ${floor.medianMs} ms`);
      return writeResult(
        `report-${size}`,
        {
          target: 'weekly report at 8,192 GPUs and ~5,000 jobs: generated under 2 s, its PDF under 5 s',
          dataSet: { ...dataSet, buildSeconds, week: { from: week.from, to: week.to } },
          report: {
            total: report.spend.total,
            teams: report.teams.length,
            projects: report.projects.length,
            interruptions: report.interruptions.count,
          },
          generate: {
            firstCallMs,
            ...generate,
            meetsTarget: generate.medianMs < 2000,
            baseline: { what: 'spendBetween(week): one SQL sum pricing the week', ...spend },
            ratioToBaseline: ratio(generate.medianMs, spend.medianMs),
          },
          pdf: {
            ...pdf,
            bytes,
            meetsTarget: pdf.medianMs < 5000,
            baseline: { what: "a one-page PDF of the report's headline, same library", ...floor },
            ratioToBaseline: ratio(pdf.medianMs, floor.medianMs),
          },
        },
        loadBefore,
      );
    },
  );
}

if (import.meta.filename === process.argv[1]) {
  const size = process.argv[2] ?? '8192';
  benchMain(`report-${size}`, () => benchReport(size));
}
