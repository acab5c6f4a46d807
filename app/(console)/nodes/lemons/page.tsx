// Lemon nodes (DOMAIN.md, "Lemon nodes"): the few nodes that cause most of the trouble, ranked over a range with
// the evidence, and quarantined from here.
import { rangeSpan } from '@/components/time-range/range-label';
import { LemonTable } from '@/components/nodes/LemonTable';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { PageHeader, RangeUnread } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { lemonNodes } from '@/lib/queries/nodes/lemons';
import { pageRange, timeRangeSearchParams, type RangePreset } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Lemon nodes · Fleet Console' };

/** A week by default: a node's faults are rare enough that a day says little. */
const DEFAULT_PRESET: RangePreset = '7d';

export default async function LemonNodesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const user = await requireUser();
  const { range, unread } = pageRange(await searchParams, DEFAULT_PRESET);
  const report = await lemonNodes(range);
  return (
    <div className="page">
      <PageHeader
        title="Lemon nodes"
        subtitle={<>The nodes that caused the most trouble {rangeSpan(range, report.timeZone)}</>}
        actions={<TimeRangePicker presets={['24h', '7d', '30d']} defaultPreset={DEFAULT_PRESET} />}
      />
      <RangeUnread message={unread} instead="the last 7 days" />
      <LemonTable
        report={report}
        query={timeRangeSearchParams(range).toString()}
        canAct={authorize(user, 'operator')}
      />
    </div>
  );
}
