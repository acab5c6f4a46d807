// The weekly report as a PDF (pdfkit, standard fonts: nothing to download, no browser): A4, the same sections
// as the page, a header on every table that breaks across pages, page numbers.
import PDFDocument from 'pdfkit';
import { formatLocalDateTime } from '@/lib/domain/time';
import {
  BUDGET_COLUMNS,
  IDLE_POOL_COLUMNS,
  INCIDENT_COLUMNS,
  INTERRUPTION_COLUMNS,
  LEDGER_COLUMNS,
  pdfTable,
  PROJECT_COLUMNS,
  reportContext,
  SLO_COLUMNS,
  TEAM_COLUMNS,
  TOP_JOB_COLUMNS,
  type ReportColumn,
} from './columns';
import { headline, pointsChange, unpricedParts } from './format';
import { FIXES_NOTE, LEDGER_NOTE } from './ledger';
import { drawTable } from './pdf-table';
import type { WeeklyReport } from './types';

const MARGIN = 48;

function heading(doc: PDFKit.PDFDocument, text: string) {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.4).font('Helvetica-Bold').fontSize(12).fillColor('#151922').text(text, MARGIN);
  doc.moveDown(0.3);
}

function note(doc: PDFKit.PDFDocument, text: string) {
  doc.font('Helvetica').fontSize(8.5).fillColor('#566070').text(text, MARGIN).moveDown(0.4);
}

/** Key figures in a grid of label-over-value cells. */
function figures(doc: PDFKit.PDFDocument, cells: [string, string, string?][]) {
  const width = doc.page.width - 2 * MARGIN;
  const perRow = 4;
  const cellWidth = width / perRow;
  const top = doc.y;
  cells.forEach(([label, value, sub], i) => {
    const x = MARGIN + (i % perRow) * cellWidth;
    const y = top + Math.floor(i / perRow) * 48;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#566070')
      .text(label, x, y, { width: cellWidth - 8 });
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .fillColor('#151922')
      .text(value, x, y + 11, { width: cellWidth - 8 });
    if (sub)
      doc
        .font('Helvetica')
        .fontSize(7.5)
        .fillColor('#566070')
        .text(sub, x, y + 28, { width: cellWidth - 8 });
  });
  doc.x = MARGIN;
  doc.y = top + Math.ceil(cells.length / perRow) * 48 + 6;
}

export function renderReportPdf(report: WeeklyReport): Promise<Buffer> {
  const context = reportContext(report);
  const { f } = context;
  const unpriced = unpricedParts(report);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `Fleet Console weekly report, ${report.week.label}`, Author: 'Fleet Console' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const table = <Row>(columns: ReportColumn<Row>[], rows: Row[]) => {
    const drawn = pdfTable(columns, rows, context);
    drawTable(doc, drawn.columns, drawn.rows);
  };
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#566070')
    .text(`Fleet Console · weekly GPU cost report${report.cluster ? ` · cluster ${report.cluster}` : ''}`);
  doc.font('Helvetica-Bold').fontSize(20).fillColor('#151922').text(report.week.label);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#566070')
    .text(
      `Monday to Sunday in ${report.week.timeZone} · ${report.currency} · generated ${formatLocalDateTime(new Date(report.generatedAt), report.week.timeZone)}${report.complete ? '' : ' · the week is not over: figures so far'}`,
    );
  doc.moveDown(0.8);
  doc.font('Helvetica').fontSize(10.5).fillColor('#151922').text(headline(report), { lineGap: 2 });
  doc.moveDown(0.8);

  const ledger = report.ledger;
  const lead: [string, string, string?][] = ledger
    ? [
        ['ETTR', f.percent(ledger.ettr), pointsChange(ledger.ettr, ledger.previousEttr) ?? 'productive / allocated'],
        ['Lost to causes', f.money(ledger.lostCost), `${f.previousMoney(ledger.previousLostCost)} last week`],
      ]
    : [];
  figures(doc, [
    ...lead,
    [
      'Spend',
      f.money(report.spend.total, unpriced.spend),
      report.spend.previous === null ? 'no data for last week' : `${f.change(report.spend.change)} on last week`,
    ],
    ['Idle capacity', f.money(report.idle.cost, unpriced.idle), `${f.gpuHours(report.idle.gpuHours)} unallocated`],
    ['Waste', f.money(report.usage.wasteCost), 'allocated but unused'],
    [
      'Interruptions',
      f.money(report.interruptions.cost),
      `${report.interruptions.count} · ${f.gpuHours(report.interruptions.lostGpuHours)} lost`,
    ],
    ['Utilization', f.percent(report.usage.utilization), 'while allocated'],
    ['Allocation', f.percent(report.usage.allocation), 'of provisioned GPU-hours'],
    ['Per useful GPU-hour', f.money(report.usage.costPerUsefulGpuHour), 'spend / utilized GPU-hours'],
    ['Savings identified', f.money(report.savings.total), 'a week, see below'],
  ]);

  if (ledger) {
    heading(doc, 'Where the GPU-hours went');
    table(LEDGER_COLUMNS, ledger.rows);
    note(doc, LEDGER_NOTE);
    if (ledger.fixes.length) {
      heading(doc, 'What the top fixes would have saved');
      ledger.fixes.forEach((fix, i) =>
        doc
          .font('Helvetica')
          .fontSize(9.5)
          .fillColor('#151922')
          .text(`${i + 1}. ${fix.fix}: up to ${f.money(fix.saved)}`, MARGIN, undefined, { lineGap: 2 }),
      );
      note(doc, FIXES_NOTE);
    }
  }

  if (report.budgets?.rows.length) {
    heading(
      doc,
      `Budgets, month to date (${formatLocalDateTime(new Date(report.budgets.asOf), report.week.timeZone)})`,
    );
    table(BUDGET_COLUMNS, report.budgets.rows);
  }

  heading(doc, 'Spend by team');
  table(TEAM_COLUMNS, report.teams);

  heading(doc, 'Spend by project');
  table(PROJECT_COLUMNS, report.projects);

  heading(doc, `Top ${report.topJobs.length} jobs by spend`);
  table(TOP_JOB_COLUMNS, report.topJobs);

  heading(doc, 'Recommended savings');
  note(doc, "Each estimate is this week's cost of the waste it removes; a job may appear under more than one.");
  for (const rule of report.savings.recommendations) {
    if (doc.y > doc.page.height - MARGIN - 90) doc.addPage();
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor('#151922')
      .text(`${rule.title}: ${f.money(rule.weeklyAmount)} a week`, MARGIN);
    doc.font('Helvetica').fontSize(8.5).fillColor('#566070').text(rule.rule, MARGIN, undefined, { lineGap: 1 });
    doc.moveDown(0.3);
    if (rule.items.length) {
      drawTable(
        doc,
        [
          { header: 'Job', width: 0.4 },
          { header: 'Why', width: 0.44 },
          { header: 'A week', width: 0.16, align: 'right' },
        ],
        rule.items.slice(0, 5).map((item) => [item.label, item.detail, f.money(item.amount)]),
      );
    } else note(doc, 'Nothing to recommend this week.');
  }

  heading(doc, 'Idle capacity by pool');
  table(IDLE_POOL_COLUMNS, report.idle.pools);

  heading(doc, 'Interruptions');
  note(
    doc,
    `${report.interruptions.count} interruptions lost ${f.gpuHours(report.interruptions.lostGpuHours)} of work: GPUs x (time since the last checkpoint + time to recover), ${f.money(report.interruptions.cost)} at the rate of their GPUs.`,
  );
  if (report.interruptions.top.length) {
    table(INTERRUPTION_COLUMNS, report.interruptions.top);
  }

  heading(doc, 'SLO attainment');
  table(SLO_COLUMNS, report.slos);

  heading(doc, 'Incidents');
  note(
    doc,
    `${report.incidents.opened} opened (${report.incidents.pages} pages, ${report.incidents.tickets} tickets), ${report.incidents.resolved} resolved; mean time to recover ${f.duration(report.incidents.meanTimeToRecoverMs)}.`,
  );
  if (report.incidents.list.length) {
    table(INCIDENT_COLUMNS, report.incidents.list);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin; with the margin kept, pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(7.5)
      .fillColor('#7d8696')
      .text(`${report.week.label} · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 16, {
        width: doc.page.width - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
