import { route } from '@/lib/api/route';
import { refuseIssues } from '@/lib/api/params';
import { stringifyRows, type CsvColumn } from '@/lib/exports/csv';
import { allAuditEvents, parseAuditFilters, type AuditRow } from '@/lib/queries/audit-log';

export const dynamic = 'force-dynamic';

// One row per event: raw values, ISO times, and the input as its JSON text.
const COLUMNS: CsvColumn<AuditRow>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'at', value: (row) => row.at },
  { header: 'actor_kind', value: (row) => row.actor.kind },
  { header: 'actor', value: (row) => row.actor.label },
  { header: 'action', value: (row) => row.action },
  { header: 'target_type', value: (row) => row.targetType },
  { header: 'target_id', value: (row) => row.targetId },
  { header: 'reason', value: (row) => row.reason },
  { header: 'result', value: (row) => row.result },
  { header: 'message', value: (row) => row.message },
  { header: 'input', value: (row) => (row.input === null ? null : JSON.stringify(row.input)) },
  { header: 'repeats', value: (row) => row.repeats },
  { header: 'last_at', value: (row) => row.lastAt },
];

/** 2026-11-24T14:00:00.000Z -> 20261124T1400Z: sortable, and legal in a file name everywhere. */
const stamp = (at: Date) => `${at.toISOString().slice(0, 16).replace(/[-:]/g, '')}Z`;

// GET /api/audit/export - every audit event matching the audit log's filters, as CSV (admins). route() audits the
// download, with the filters it used, and refusals.
export const GET = route({ role: 'admin', audit: 'audit.export' }, async ({ search, audit }) => {
  const { range, filters, issues } = parseAuditFilters(search);
  refuseIssues(issues, 400, 'invalid_filter');
  const batches = allAuditEvents(range, filters);
  // The first batch is read before route() records the export, so that a file never lists its own download.
  const first = await batches.next();
  audit.input = { from: range.from.toISOString(), to: range.to.toISOString(), ...filters };
  const encoder = new TextEncoder();
  const csv = (rows: (string | number | null)[][]) => encoder.encode(stringifyRows(rows));
  let pending: IteratorResult<AuditRow[]> | null = first;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(csv([COLUMNS.map((column) => column.header)]));
    },
    // One batch per read, so a slow download holds one batch in memory, not the whole log.
    async pull(controller) {
      try {
        const next = pending ?? (await batches.next());
        pending = null;
        if (next.done) return controller.close();
        controller.enqueue(csv(next.value.map((row) => COLUMNS.map((column) => column.value(row)))));
      } catch (error) {
        console.error('audit export failed part-way', error);
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${stamp(range.from)}-${stamp(range.to)}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
