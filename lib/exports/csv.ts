// CSV the way spreadsheets read it: a header row, RFC 4180 quoting (csv-stringify), numbers as plain decimals.
import { stringify } from 'csv-stringify/sync';

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null;
}

/** Rounds away float noise (0.30000000000000004) without hiding real precision. */
export const decimals = (value: number | null, digits: number) =>
  value === null ? null : Number(value.toFixed(digits));

export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return stringify([columns.map((column) => column.header), ...rows.map((row) => columns.map((c) => c.value(row)))], {
    cast: { number: (value) => String(value) },
  });
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
