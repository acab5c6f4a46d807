// A page's header: where it sits (a trail of links), its title, a line on what it shows, and its controls.
import type { ReactNode } from 'react';

interface Props {
  title: ReactNode;
  subtitle?: ReactNode;
  /** Above the title: the pages this one sits under. */
  trail?: ReactNode;
  /** At the right: the time range, filters or buttons that act on the whole page. */
  actions?: ReactNode;
}

export function PageHeader({ title, subtitle, trail, actions }: Props) {
  return (
    <header className="page-header">
      <div>
        {trail && <p className="page-subtitle">{trail}</p>}
        <h1 className="page-title">{title}</h1>
        {subtitle && <p className="page-subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
