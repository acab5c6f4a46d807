// How automatic recovery is doing (DOMAIN.md "Automatic recovery"): time to recover for jobs and nodes against
// their 5- and 10-minute targets, what the faults cost in lost work, and each recovery's timeline.
import Link from 'next/link';
import { Suspense } from 'react';
import { formatDateTime } from '@/components/charts/time-format';
import { RecoveryLive } from '@/components/recovery/RecoveryLive';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { PageHeader, RangeUnread } from '@/components/ui';
import { env } from '@/lib/env';
import { getRecoveryView } from '@/lib/queries/recovery';
import { parseTimeRangeOr, presetRange, timeRangeSearchParams, type RangePreset } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Recovery · Fleet Console' };

/** With no range in the URL, a week: faults are rare enough that a day often shows none. */
const DEFAULT_PRESET: RangePreset = '7d';

export default async function RecoveryPage({ searchParams }: { searchParams: PageSearchParams }) {
  const params = await searchParams;
  const parsed = parseTimeRangeOr(params, DEFAULT_PRESET);
  const range = parsed.ok ? parsed.range : presetRange(DEFAULT_PRESET);
  const view = await getRecoveryView(range);
  return (
    <div className="page">
      <PageHeader
        title="Recovery"
        subtitle={
          <>
            Automatic recovery of faults detected {formatDateTime(range.from, view.timeZone)} –{' '}
            {formatDateTime(range.to, view.timeZone)} ({view.timeZone}) · <Link href="/admin/recovery">Policies</Link>
          </>
        }
        actions={
          <Suspense>
            <TimeRangePicker presets={['24h', '7d', '30d']} defaultPreset={DEFAULT_PRESET} />
          </Suspense>
        }
      />
      <RangeUnread message={parsed.ok ? null : parsed.message} instead="the last 7 days" />
      <RecoveryLive
        initial={view}
        query={timeRangeSearchParams(range).toString()}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
      />
    </div>
  );
}
