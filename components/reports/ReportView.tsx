// The weekly report on screen and on paper: the headline, key figures, savings, then the tables behind them.
import { Banner, Card, Stat } from '@/components/ui';
import { headline, pointsChange, reportFormat, unpricedParts } from '@/lib/reports/format';
import type { WeeklyReport } from '@/lib/reports/types';
import { ReportLedger } from './ReportLedger';
import { BudgetTable, SpendTables, TopJobs, WasteAndReliability } from './ReportTables';
import styles from './reports.module.css';

export function ReportView({ report }: { report: WeeklyReport }) {
  const f = reportFormat(report);
  const unpriced = unpricedParts(report);
  const trend =
    report.spend.change === null
      ? undefined
      : {
          direction:
            report.spend.change > 0 ? ('up' as const) : report.spend.change < 0 ? ('down' as const) : ('flat' as const),
          label: `${f.change(report.spend.change)} on ${report.complete ? 'last week' : 'the same days last week'}`,
          good: 'down' as const,
        };
  const ledger = report.ledger;
  const ettrChange = ledger ? pointsChange(ledger.ettr, ledger.previousEttr) : null;
  const ettrTrend =
    ledger && ledger.ettr !== null && ledger.previousEttr !== null && ettrChange
      ? {
          direction:
            ledger.ettr > ledger.previousEttr
              ? ('up' as const)
              : ledger.ettr < ledger.previousEttr
                ? ('down' as const)
                : ('flat' as const),
          label: `${ettrChange} on ${report.complete ? 'last week' : 'the same days last week'}`,
          good: 'up' as const,
        }
      : undefined;
  return (
    <>
      {!report.complete && (
        <Banner tone="info" title="This week is not over">
          Its figures are so far, compared with the same days of last week. The report is kept once the week ends.
        </Banner>
      )}
      <p className={styles.headline}>{headline(report)}</p>
      <div className="grid-kpi" data-testid="report-figures">
        {ledger && (
          <>
            <Stat
              label="ETTR"
              value={f.percent(ledger.ettr)}
              trend={ettrTrend}
              sublabel="productive / allocated GPU-hours"
            />
            <Stat
              label="Lost to causes"
              value={f.tileMoney(ledger.lostCost)}
              sublabel={`${report.complete ? 'last week' : 'same days last week'} ${f.previousMoney(ledger.previousLostCost)}`}
            />
          </>
        )}
        <Stat
          label="Spend"
          value={f.tileMoney(report.spend.total, unpriced.spend)}
          trend={trend}
          sublabel={`${unpriced.spend ? '' : `${f.money(report.spend.total)} · `}${report.complete ? 'last week' : 'same days last week'} ${f.previousMoney(report.spend.previous)}`}
        />
        <Stat
          label="Idle capacity"
          value={f.tileMoney(report.idle.cost, unpriced.idle)}
          sublabel={`${unpriced.idle ? '' : `${f.money(report.idle.cost)} · `}${f.gpuHours(report.idle.gpuHours)} unallocated`}
        />
        <Stat
          label="Waste"
          value={f.tileMoney(report.usage.wasteCost, unpriced.spend)}
          sublabel={`${unpriced.spend ? '' : `${f.money(report.usage.wasteCost)} `}allocated but unused`}
        />
        <Stat
          label="Utilization"
          value={f.percent(report.usage.utilization)}
          sublabel={`allocation ${f.percent(report.usage.allocation)}`}
        />
        <Stat
          label="Per useful GPU-hour"
          value={f.money(report.usage.costPerUsefulGpuHour)}
          sublabel="spend / utilized GPU-hours"
        />
        <Stat
          label="Interruptions"
          value={f.tileMoney(report.interruptions.cost)}
          sublabel={`${f.money(report.interruptions.cost)} · ${report.interruptions.count} · ${f.gpuHours(report.interruptions.lostGpuHours)} lost`}
        />
      </div>
      {ledger && <ReportLedger report={report} ledger={ledger} />}
      <Card
        title={`Recommended savings: about ${f.money(report.savings.total)} a week`}
        description="Each estimate is this week's cost of the waste it removes; a job may appear under more than one."
      >
        <div className={styles.savings}>
          {report.savings.recommendations.map((rule) => (
            <section key={rule.kind} className={styles.saving} aria-labelledby={`saving-${rule.kind}`}>
              <h3 id={`saving-${rule.kind}`} className={styles.savingTitle}>
                <span>{rule.title}</span>
                <span className="num">{f.money(rule.weeklyAmount)}</span>
              </h3>
              <p className={styles.rule}>{rule.rule}</p>
              {rule.items.length ? (
                <ol className={styles.items}>
                  {rule.items.slice(0, 5).map((item) => (
                    <li key={item.jobId}>
                      <span className={styles.itemLabel}>{item.label}</span>
                      <span className="muted">{item.detail}</span>
                      <span className="num">{f.money(item.amount)}</span>
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="hint">Nothing to recommend this week.</p>
              )}
            </section>
          ))}
        </div>
      </Card>
      <BudgetTable report={report} />
      <SpendTables report={report} />
      <TopJobs report={report} />
      <WasteAndReliability report={report} />
    </>
  );
}
