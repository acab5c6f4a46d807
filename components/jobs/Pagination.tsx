// Pages of the jobs list as links (shareable, and usable without script), with the rows shown and the size.
import { IntentLink } from '@/components/ui/IntentLink';
import { PageStep, PageSteps, Pager } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import { jobListQuery } from '@/lib/queries/jobs/params';
import type { JobList } from '@/lib/queries/jobs/types';
import styles from './jobs.module.css';

const SIZES = [25, 50, 100];

export function Pagination({ data, rangeQuery }: { data: JobList; rangeQuery: string }) {
  const { page, pageCount, total, params } = data;
  const href = (change: Partial<typeof params>) =>
    `/jobs?${jobListQuery(new URLSearchParams(rangeQuery), { ...params, ...change })}`;
  const first = (page - 1) * params.pageSize + 1;
  const last = Math.min(total, page * params.pageSize);
  const step = (label: string, target: number, disabled: boolean) => (
    <PageStep label={label} href={disabled ? null : href({ page: target })} />
  );
  return (
    <Pager label="Pages of jobs">
      <p className="muted num" aria-live="polite">
        {total === 0 ? 'No jobs' : `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}`}
      </p>
      <PageSteps>
        {step('First', 1, page <= 1)}
        {step('Previous', page - 1, page <= 1)}
        <span className="num">
          Page {formatCount(page)} of {formatCount(pageCount)}
        </span>
        {step('Next', page + 1, page >= pageCount)}
        {step('Last', pageCount, page >= pageCount)}
      </PageSteps>
      <p className={styles.pageSizes}>
        <span className="muted">Rows</span>
        {SIZES.map((size) =>
          size === params.pageSize ? (
            <span key={size} aria-current="true" className={styles.currentSize}>
              {size}
            </span>
          ) : (
            <IntentLink key={size} href={href({ pageSize: size, page: 1 })} scroll={false}>
              {size}
            </IntentLink>
          ),
        )}
      </p>
    </Pager>
  );
}
