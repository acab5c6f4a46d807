// The shape of a page while it loads, announced to screen readers by its label: the heading's lines, then the
// page's own parts drawn with the pieces below (tiles, a filter bar, table rows).
import type { ReactNode } from 'react';
import { Card } from './Card';
import { Skeleton } from './Skeleton';

interface Props {
  /** What is loading, for screen readers: "Loading jobs…". */
  label: string;
  /** The width of the line above the title (a detail page's way back to its list), where there is one. */
  crumb?: number;
  /** The title's width, and its height where it is larger than a page title's 22. */
  title: number;
  titleHeight?: number;
  /** The subtitle's width. */
  subtitle: number;
  /** The height of a full-width band under the subtitle (a detail page's status strip), where there is one. */
  band?: number;
  children?: ReactNode;
}

export function PageSkeleton({ label, crumb, title, titleHeight = 22, subtitle, band, children }: Props) {
  return (
    <div className="page" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      <div className="stack" style={{ gap: 8 }}>
        {crumb !== undefined && <Skeleton width={crumb} height={12} />}
        <Skeleton width={title} height={titleHeight} />
        <Skeleton width={subtitle} height={12} />
        {band !== undefined && <Skeleton width="100%" height={band} />}
      </div>
      {children}
    </div>
  );
}

/** A row of KPI tiles: a label, a figure and, where the tile has one, a detail line of the given width. */
export function TilesSkeleton({ count, detail }: { count: number; detail?: string }) {
  return (
    <div className="grid-kpi">
      {Array.from({ length: count }, (_, index) => (
        <Card key={index}>
          <div className="stack" style={{ gap: 10 }}>
            <Skeleton width="50%" height={10} />
            <Skeleton width="70%" height={24} />
            {detail && <Skeleton width={detail} height={10} />}
          </div>
        </Card>
      ))}
    </div>
  );
}

/** A filter bar of `count` controls. */
export function FiltersSkeleton({ count, width }: { count: number; width: number }) {
  return (
    <div className="row" style={{ gap: 12 }}>
      {Array.from({ length: count }, (_, index) => (
        <Skeleton key={index} width={width} height={32} />
      ))}
    </div>
  );
}

/** A table's rows in a flush card; every `shortEvery`-th row is shorter, as text rows are (none: all full). */
export function RowsSkeleton({ rows, height = 12, shortEvery }: { rows: number; height?: number; shortEvery?: 3 | 4 }) {
  const short = shortEvery === 3 ? '80%' : '85%';
  return (
    <Card flush>
      <div className="stack" style={{ padding: 16, gap: 14 }}>
        {Array.from({ length: rows }, (_, index) => (
          <Skeleton
            key={index}
            height={height}
            width={shortEvery && index % shortEvery === shortEvery - 1 ? short : '100%'}
          />
        ))}
      </div>
    </Card>
  );
}
