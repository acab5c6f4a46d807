// Where the GPU-hours went: one stacked bar and a table of the classes (GPU-hours, share, cost), drawn from one
// LedgerFigures. No fetching here: the job page, the costs page and the weekly report hand it their figures.
import { LEDGER_CLASSES, type LedgerClass, type LedgerFigures } from '@/lib/domain/ledger';
import { formatGpuHours, formatMoney, formatPercent } from '@/lib/domain/units';
import tableStyles from '@/components/ui/Table.module.css';
import { CLASS_INFO } from './labels';
import styles from './ledger.module.css';

interface Props {
  figures: LedgerFigures;
  currency: string;
  /** A service reads "serving" for productive, and shows its missing replicas. */
  service?: boolean;
  caption: string;
}

export function classLabel(cls: LedgerClass, service = false): string {
  const info = CLASS_INFO[cls];
  return service ? (info.serviceLabel ?? info.label) : info.label;
}

/** The stacked bar alone, each class as wide as its share of the allocated time; a title names each part. */
export function LedgerBar({ figures, service = false }: Pick<Props, 'figures' | 'service'>) {
  const total = figures.allocatedGpuHours;
  if (!(total > 0)) return null;
  return (
    <div className={styles.bar} role="img" aria-label={barLabel(figures, service)}>
      {LEDGER_CLASSES.map((cls) => {
        const share = figures.gpuHours[cls] / total;
        if (share <= 0) return null;
        return (
          <span
            key={cls}
            className={[styles.segment, cls === 'unknown' ? styles.unknown : ''].join(' ')}
            style={{ width: `${share * 100}%`, background: cls === 'unknown' ? undefined : CLASS_INFO[cls].colour }}
            title={`${classLabel(cls, service)}: ${formatPercent(share, { digits: 1 })}`}
          />
        );
      })}
    </div>
  );
}

function barLabel(figures: LedgerFigures, service: boolean): string {
  const parts = LEDGER_CLASSES.filter((cls) => figures.gpuHours[cls] > 0).map(
    (cls) =>
      `${classLabel(cls, service)} ${formatPercent(figures.gpuHours[cls] / figures.allocatedGpuHours, { digits: 1 })}`,
  );
  return `Allocated GPU-hours by class: ${parts.join(', ')}`;
}

export function LedgerBreakdown({ figures, currency, service = false, caption }: Props) {
  const total = figures.allocatedGpuHours;
  const money = (amount: number) => formatMoney(amount, { currency });
  return (
    <>
      <LedgerBar figures={figures} service={service} />
      <div className={tableStyles.scroll}>
        <table className={tableStyles.table}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col" className={tableStyles.numeric}>
                GPU-hours
              </th>
              <th scope="col" className={tableStyles.numeric}>
                Share
              </th>
              <th scope="col" className={tableStyles.numeric}>
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {LEDGER_CLASSES.map((cls) => (
              <tr key={cls}>
                <th scope="row">
                  <span
                    className={[styles.swatch, cls === 'unknown' ? styles.unknown : ''].join(' ')}
                    style={cls === 'unknown' ? undefined : { background: CLASS_INFO[cls].colour }}
                    aria-hidden
                  />
                  {classLabel(cls, service)}
                  <span className={styles.meaning}>{CLASS_INFO[cls].meaning}</span>
                </th>
                <td className={tableStyles.numeric}>{formatGpuHours(figures.gpuHours[cls])}</td>
                <td className={tableStyles.numeric}>
                  {total > 0 ? formatPercent(figures.gpuHours[cls] / total, { digits: 1 }) : '—'}
                </td>
                <td className={tableStyles.numeric}>{money(figures.costs[cls])}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Allocated</th>
              <td className={tableStyles.numeric}>{formatGpuHours(total)}</td>
              <td className={tableStyles.numeric}>{total > 0 ? '100%' : '—'}</td>
              <td className={tableStyles.numeric}>
                {money(figures.cost)}
                {figures.unpricedGpuHours > 0 && (
                  <span className="subtle"> + {formatGpuHours(figures.unpricedGpuHours)} unpriced</span>
                )}
              </td>
            </tr>
            {service && figures.downGpuHours > 0 && (
              <tr>
                <th scope="row">
                  Down
                  <span className={styles.meaning}>replicas it wanted and did not have (not allocated)</span>
                </th>
                <td className={tableStyles.numeric}>{formatGpuHours(figures.downGpuHours)}</td>
                <td />
                <td />
              </tr>
            )}
          </tfoot>
        </table>
      </div>
    </>
  );
}
