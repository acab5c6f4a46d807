import type { ReactNode } from 'react';
import styles from './Table.module.css';

export type Column<Row> = {
  key: string;
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
  align?: 'start' | 'center' | 'end';
  /** Right-aligned, tabular figures: for counts, percentages, money. */
  numeric?: boolean;
  /** The cell that names the row (rendered as a row header for screen readers). */
  rowHeader?: boolean;
  width?: string;
  /** For a sortable column: how the rows are sorted by it now (aria-sort on its header). */
  sort?: 'ascending' | 'descending' | 'none';
};

type RowKey<Row> = (row: Row) => string | number;

/** Rows with an `id` are keyed by it unless `rowKey` says otherwise; other rows need a `rowKey`. */
type Keyed<Row> = Row extends { id: string | number } ? { rowKey?: RowKey<Row> } : { rowKey: RowKey<Row> };

export type TableProps<Row> = Keyed<Row> & {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  /** Names the table for assistive technology; shown only with `captionVisible`. */
  caption: string;
  captionVisible?: boolean;
  /** What to show instead of an empty body, typically an <EmptyState>. */
  empty?: ReactNode;
  /** The height past which the body scrolls under a sticky header; by default ('none') the table grows. */
  maxHeight?: string;
  density?: 'normal' | 'compact';
  className?: string;
};

const byId = (row: unknown) => (row as { id: string | number }).id;

export function Table<Row>(props: TableProps<Row>) {
  const {
    columns,
    rows,
    caption,
    captionVisible = false,
    empty,
    maxHeight = 'none',
    density = 'normal',
    className,
  } = props;
  const rowKey: RowKey<Row> = props.rowKey ?? byId;
  if (rows.length === 0 && empty) return <div className={styles.empty}>{empty}</div>;
  const scrolls = maxHeight !== 'none';
  const cellClass = (column: Column<Row>) =>
    column.numeric ? styles.numeric : column.align && column.align !== 'start' ? styles[column.align] : undefined;
  return (
    // A scrolling region must be reachable by keyboard to be scrolled without a mouse.
    <div
      className={[styles.scroll, className].filter(Boolean).join(' ')}
      style={scrolls ? { maxHeight } : undefined}
      role={scrolls ? 'region' : undefined}
      aria-label={scrolls ? caption : undefined}
      tabIndex={scrolls ? 0 : undefined}
    >
      <table className={[styles.table, density === 'compact' && styles.compact].filter(Boolean).join(' ')}>
        <caption className={captionVisible ? styles.caption : 'visually-hidden'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={cellClass(column)}
                style={{ width: column.width }}
                aria-sort={column.sort}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row)}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.key} scope="row" className={cellClass(column)}>
                    {column.cell(row, index)}
                  </th>
                ) : (
                  <td key={column.key} className={cellClass(column)}>
                    {column.cell(row, index)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
