// The audit log (admins only): every change made in the console, by a person or by the console itself, filtered
// and paged on the server with the filters in the URL, and downloadable as CSV with the same filters.
import { IntentLink } from '@/components/ui/IntentLink';
import { AuditFilters } from '@/components/audit/AuditFilters';
import { AuditPager } from '@/components/audit/AuditPager';
import { AuditTable } from '@/components/audit/AuditTable';
import { rangeSpan } from '@/components/time-range/range-label';
import { CsvLink } from '@/components/costs/CsvLink';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { Card, EmptyState, LinkIssues, PageHeader } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { RoleRequired } from '@/components/auth/RoleRequired';
import {
  AUDIT_DEFAULT_PRESET,
  auditQuery,
  FILTER_KEYS,
  listAuditEvents,
  parseAuditCursor,
  parseAuditFilters,
  type AuditCursor,
  type AuditFilterKey,
} from '@/lib/queries/audit-log';
import { readSettings } from '@/lib/settings/org';
import { timeRangeSearchParams } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Audit log · Fleet Console' };

/** How the empty state names a filter: `action job.*`, `text "timeout"`. */
const FILTER_NAMES: Record<AuditFilterKey, (value: string) => string> = {
  actor: (value) => `actor ${value}`,
  action: (value) => `action ${value}`,
  targetType: (value) => `target type ${value}`,
  targetId: (value) => `target id ${value}`,
  result: (value) => `result ${value}`,
  q: (value) => `text "${value}"`,
};

export default async function AuditPage({ searchParams }: { searchParams: PageSearchParams }) {
  if (!authorize(await requireUser(), 'admin')) return <RoleRequired role="admin" />;
  const search = await searchParams;
  const parsed = parseAuditFilters(search);
  const { range, filters } = parsed;
  const { cursor, issues: cursorIssues } = parseAuditCursor(search);
  const issues = [...parsed.issues, ...cursorIssues];
  const [page, { timeZone }] = await Promise.all([listAuditEvents(range, filters, cursor), readSettings()]);

  const rangeQuery = timeRangeSearchParams(range).toString();
  const href = (to: AuditCursor) => `/admin/audit?${auditQuery(range, filters, { cursor: to })}`;
  const span = rangeSpan(range, timeZone);
  const applied = FILTER_KEYS.flatMap((key) => {
    const value = filters[key];
    return value ? [FILTER_NAMES[key](value)] : [];
  });

  const empty = cursor ? (
    <EmptyState
      title="No more events this way"
      description="The events that were here no longer match, or were the last ones."
      action={<IntentLink href={href(null)}>Back to the newest events</IntentLink>}
    />
  ) : (
    <EmptyState
      title={
        applied.length ? `No events match ${applied.join(', ')} in this range` : 'Nothing was changed in this range'
      }
      description={
        applied.length
          ? 'Widen the time range, or clear a filter, to see more.'
          : 'Widen the time range to see older changes.'
      }
      action={
        <div className="row">
          {range.preset !== '30d' && (
            <IntentLink href={`/admin/audit?${auditQuery({ ...range, preset: '30d' }, filters)}`}>
              Show the last 30 days
            </IntentLink>
          )}
          {applied.length > 0 && <IntentLink href={`/admin/audit?${rangeQuery}`}>Clear filters</IntentLink>}
        </div>
      }
    />
  );

  return (
    <div className="page">
      <PageHeader
        title="Audit log"
        subtitle={
          <>Every change, by a person or by the console itself: who, what, target, why, when and how it ended. {span}</>
        }
        actions={<TimeRangePicker defaultPreset={AUDIT_DEFAULT_PRESET} />}
      />
      <LinkIssues issues={issues} />
      <AuditFilters filters={filters} facets={page.facets} rangeQuery={rangeQuery} />
      <Card
        title="Events"
        description={`Times in ${timeZone}. The CSV holds every matching event, not only this page.`}
        actions={
          <CsvLink href={`/api/audit/export?${auditQuery(range, filters, { fixed: true })}`} label="audit events" />
        }
        flush
      >
        <AuditTable rows={page.rows} timeZone={timeZone} empty={empty} />
        {(page.rows.length > 0 || cursor) && (
          <AuditPager
            shown={page.rows.length}
            newerHref={page.newer ? href({ after: page.newer }) : null}
            olderHref={page.older ? href({ before: page.older }) : null}
            newestHref={cursor ? href(null) : null}
          />
        )}
      </Card>
    </div>
  );
}
