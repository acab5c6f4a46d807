// Where the GPU money went over a range: spend per day stacked by team or project, idle capacity, waste and
// interruptions, by team or project, by pool and by job. Every table downloads as CSV with the same figures.
import { Suspense } from 'react';
import { CostFilters } from '@/components/costs/CostFilters';
import { GroupTable, JobTable, PoolTable } from '@/components/costs/CostTables';
import { CostTiles } from '@/components/costs/CostTiles';
import { CsvLink } from '@/components/costs/CsvLink';
import { SpendChart } from '@/components/costs/SpendChart';
import { rangeSpan } from '@/components/time-range/range-label';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { Banner, Card, LinkIssues, PageHeader, RangeUnread } from '@/components/ui';
import { costExportParams, COSTS_DEFAULT_PRESET, parseCostParams, parseCostsRange } from '@/lib/cost-params';
import { readClusterScope } from '@/lib/clusters/config';
import { withClusterScope } from '@/lib/clusters/scope';
import { getCostsView } from '@/lib/queries/costs/view';
import { ledgerBy } from '@/lib/queries/ledger/ledger';
import { PAGE_LEDGER_GROUPS, type LedgerGroup } from '@/lib/ledger-params';
import { LedgerGroupTable } from '@/components/ledger/LedgerGroupTable';
import { presetRange } from '@/lib/time-range';
import { paramValue, type PageSearchParams, type SearchParamsLike } from '@/lib/url-state';

export const metadata = { title: 'Costs · Fleet Console' };

const TOP_JOBS = 20;

function parseLedgerGroup(params: SearchParamsLike): LedgerGroup {
  const given = paramValue(params, 'ledger');
  return PAGE_LEDGER_GROUPS.find((group) => group === given) ?? 'team';
}

/** The page's own query, for links that change one choice and keep the rest. */
function pageQuery(params: Record<string, string | string[] | undefined>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (key === 'ledger' || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) query.append(key, one);
  }
  return query;
}

export default async function CostsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const params = await searchParams;
  const parsed = parseCostsRange(params);
  const range = parsed.ok ? parsed.range : presetRange(COSTS_DEFAULT_PRESET);
  const choices = parseCostParams(params);
  const { scope, issue } = readClusterScope(params);
  const ledgerGroup = parseLedgerGroup(params);
  const [view, ledger] = await Promise.all([
    getCostsView(range, { by: choices.by, teamId: choices.team, kind: choices.kind, scope }),
    ledgerBy(range, ledgerGroup, { teamId: choices.team, kind: choices.kind, cluster: scope.cluster ?? undefined }),
  ]);
  const exportParams = withClusterScope(costExportParams(range, choices), scope);
  const ledgerCsv = new URLSearchParams(exportParams);
  ledgerCsv.set('by', ledgerGroup);
  const csv = (table: string) => `/api/costs/${table}/csv?${exportParams}`;
  const span = `${scope.cluster ? `${scope.cluster} · ` : ''}${rangeSpan(range, view.timeZone)}`;
  return (
    <div className="page">
      <PageHeader
        title="Costs"
        subtitle={span}
        actions={<TimeRangePicker presets={['24h', '7d', '30d']} defaultPreset={COSTS_DEFAULT_PRESET} />}
      />
      <RangeUnread message={parsed.ok ? null : parsed.message} instead="the last 7 days" />
      <LinkIssues issues={issue ? [issue] : []} />
      {!view.pools.some((pool) => pool.provisionedGpuHours > 0) && view.totals.gpuHours === 0 && (
        <Banner tone="info" title="No fleet data in this range">
          The console&apos;s history does not reach it: no GPU was provisioned or allocated here as far as it knows.
        </Banner>
      )}
      <Suspense>
        <CostFilters teams={view.teams} />
      </Suspense>
      <CostTiles view={view} />
      <Card
        title={`Spend per day by ${view.by}`}
        description={`Days in ${view.timeZone}; allocated GPU-hours priced by the rate card in force at each moment`}
        actions={<CsvLink href={csv('daily')} label="spend per day" />}
      >
        <SpendChart daily={view.daily} currency={view.currency} groupLabel={view.by} timeZone={view.timeZone} />
      </Card>
      <GroupTable view={view} csv={csv('groups')} />
      <LedgerGroupTable
        report={ledger}
        by={ledgerGroup}
        currency={view.currency}
        query={pageQuery(params)}
        csv={`/api/ledger/csv?${ledgerCsv.toString()}`}
      />
      <JobTable view={view} csv={csv('jobs')} limit={TOP_JOBS} />
      <PoolTable view={view} csv={csv('pools')} />
    </div>
  );
}
