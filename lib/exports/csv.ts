// CSV the way spreadsheets read it: a header row, RFC 4180 quoting (csv-stringify), numbers as plain decimals.
import { stringify } from 'csv-stringify/sync';

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null;
}

/** Rounds away float noise (0.30000000000000004) without hiding real precision. */
export const decimals = (value: number | null, digits: number) =>
  value === null ? null : Number(value.toFixed(digits));

/**
 * Text a spreadsheet would run as a formula (=, +, -, @ first: a job named "=HYPERLINK(…)") is quoted with a
 * leading apostrophe, as OWASP advises for CSV injection; numbers stay numbers.
 */
export function safeCell(value: string | number | null): string | number | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Rows of cells as CSV text, every cell through safeCell. */
export function stringifyRows(rows: readonly (readonly (string | number | null)[])[]): string {
  return stringify(
    rows.map((row) => row.map(safeCell)),
    { cast: { number: (value) => String(value) } },
  );
}

export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return stringifyRows([
    columns.map((column) => column.header),
    ...rows.map((row) => columns.map((c) => c.value(row))),
  ]);
}

/** A CSV download: the browser saves it under `filename`. */
export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
