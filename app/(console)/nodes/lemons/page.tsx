// Lemon nodes (DOMAIN.md, "Lemon nodes"): the few nodes that cause most of the trouble, ranked over a range with
// the evidence, and quarantined from here.
import { Suspense } from 'react';
import { formatDateTime } from '@/components/charts/time-format';
import { LemonTable } from '@/components/nodes/LemonTable';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { PageHeader, RangeUnread } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { lemonNodes } from '@/lib/queries/nodes/lemons';
import { parseTimeRangeOr, presetRange, timeRangeSearchParams, type RangePreset } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Lemon nodes · Fleet Console' };

/** A week by default: a node's faults are rare enough that a day says little. */
const DEFAULT_PRESET: RangePreset = '7d';

export default async function LemonNodesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const user = await requireUser();
  const parsed = parseTimeRangeOr(await searchParams, DEFAULT_PRESET);
  const range = parsed.ok ? parsed.range : presetRange(DEFAULT_PRESET);
  const report = await lemonNodes(range);
  return (
    <div className="page">
      <PageHeader
        title="Lemon nodes"
        subtitle={
          <>
            The nodes that caused the most trouble {formatDateTime(range.from, report.timeZone)} –{' '}
            {formatDateTime(range.to, report.timeZone)} ({report.timeZone})
          </>
        }
        actions={
          <Suspense>
            <TimeRangePicker presets={['24h', '7d', '30d']} defaultPreset={DEFAULT_PRESET} />
          </Suspense>
        }
      />
      <RangeUnread message={parsed.ok ? null : parsed.message} instead="the last 7 days" />
      <LemonTable
        report={report}
        query={timeRangeSearchParams(range).toString()}
        canAct={authorize(user, 'operator')}
      />
    </div>
  );
}
