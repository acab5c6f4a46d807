// Where the job's GPU-hours went over its life: ETTR, then each class of the ledger (DOMAIN.md).
import { LedgerBreakdown } from '@/components/ledger/LedgerBreakdown';
import styles from '@/components/ledger/ledger.module.css';
import { Card } from '@/components/ui';
import { formatGpuHours, formatMoney, formatPercent } from '@/lib/domain/units';
import type { JobDetail } from '@/lib/queries/jobs/types';

export function JobLedger({ data }: { data: JobDetail }) {
  const { ledger, job, cost } = data;
  const service = job.kind === 'inference';
  const lost = ledger.cost - ledger.costs.productive - ledger.costs.unknown;
  return (
    <Card
      title="Where its GPU-hours went"
      description={
        service
          ? 'Over its life: serving, idle, and the replicas it was short of'
          : 'Over its life, every allocated GPU-hour in one class'
      }
    >
      {ledger.allocatedGpuHours > 0 ? (
        <>
          <div className={styles.headline}>
            <span>
              <span className={styles.ettr} data-testid="job-ettr">
                {formatPercent(ledger.ettr, { digits: 1 })}
              </span>{' '}
              <span className="muted">{service ? 'serving' : 'ETTR: productive / allocated'}</span>
            </span>
            <span className="muted">
              {formatGpuHours(ledger.allocatedGpuHours)} allocated,{' '}
              {formatMoney(ledger.cost, { currency: cost.currency })}
              {service ? '' : `; ${formatMoney(lost, { currency: cost.currency })} of it not productive`}
            </span>
          </div>
          <LedgerBreakdown
            figures={ledger}
            currency={cost.currency}
            service={service}
            caption={`Where the GPU-hours of ${job.name} went`}
          />
        </>
      ) : (
        <p className="muted">It has held no GPU yet.</p>
      )}
    </Card>
  );
}
