// How automatic recovery is doing (DOMAIN.md "Automatic recovery"): time to recover for jobs and nodes against
// their 5- and 10-minute targets, what the faults cost in lost work, and each recovery's timeline.
import { IntentLink } from '@/components/ui/IntentLink';
import { rangeSpan } from '@/components/time-range/range-label';
import { RecoveryLive } from '@/components/recovery/RecoveryLive';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { PageHeader, RangeUnread } from '@/components/ui';
import { env } from '@/lib/env';
import { getRecoveryView } from '@/lib/queries/recovery';
import { pageRange, timeRangeSearchParams, type RangePreset } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Recovery · Fleet Console' };

/** With no range in the URL, a week: faults are rare enough that a day often shows none. */
const DEFAULT_PRESET: RangePreset = '7d';

export default async function RecoveryPage({ searchParams }: { searchParams: PageSearchParams }) {
  const params = await searchParams;
  const { range, unread } = pageRange(params, DEFAULT_PRESET);
  const view = await getRecoveryView(range);
  return (
    <div className="page">
      <PageHeader
        title="Recovery"
        subtitle={
          <>
            Automatic recovery of faults detected {rangeSpan(range, view.timeZone)} ·{' '}
            <IntentLink href="/admin/recovery">Policies</IntentLink>
          </>
        }
        actions={<TimeRangePicker presets={['24h', '7d', '30d']} defaultPreset={DEFAULT_PRESET} />}
      />
      <RangeUnread message={unread} instead="the last 7 days" />
      <RecoveryLive
        initial={view}
        query={timeRangeSearchParams(range).toString()}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
      />
    </div>
  );
}
