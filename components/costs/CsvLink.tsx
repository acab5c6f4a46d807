import { buttonClass } from '@/components/ui';
import { IconArrowDown } from '@/components/ui/icons';

/** A download of one table as CSV, through a route handler that runs the same query as the page. */
export function CsvLink({ href, label }: { href: string; label: string }) {
  return (
    <a
      href={href}
      download
      className={buttonClass({ size: 'sm', variant: 'ghost' })}
      aria-label={`Download ${label} as CSV`}
    >
      <IconArrowDown size={14} />
      CSV
    </a>
  );
}
