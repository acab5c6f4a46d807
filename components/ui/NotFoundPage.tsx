// A page whose id names nothing: said plainly, inside the console's shell, with the way back to its list. Each
// detail page's not-found.tsx is `notFoundPage(kind)`, so the words for every kind of thing live in one table.
import { IntentLink } from '@/components/ui/IntentLink';
import { Card } from './Card';
import { EmptyState } from './EmptyState';

interface NotFoundText {
  title: string;
  /** Why the link may name nothing. */
  description: string;
  back: { href: string; label: string };
}

const NOT_FOUND = {
  job: {
    title: 'There is no such job',
    description: 'The link may be mistyped, or it points to a job this console has never seen.',
    back: { href: '/jobs', label: 'Go to the jobs list' },
  },
  incident: {
    title: 'There is no such incident',
    description: 'The link may be mistyped, or it points to an incident this console has never held.',
    back: { href: '/incidents', label: 'Go to all incidents' },
  },
  node: {
    title: 'There is no such node',
    description: 'It may have been retired, or the link is wrong.',
    back: { href: '/fleet', label: 'Back to the fleet map' },
  },
  slo: {
    title: 'There is no such SLO',
    description: 'The link may be mistyped, or the SLO was deleted.',
    back: { href: '/slos', label: 'Go to the SLOs' },
  },
  report: {
    title: 'There is no report for that week',
    description: 'Weeks start on a Monday (YYYY-MM-DD), and a report needs data the console has collected.',
    back: { href: '/reports', label: 'Go to the reports' },
  },
} satisfies Record<string, NotFoundText>;

function NotFoundPage({ title, description, back }: NotFoundText) {
  return (
    <div className="page">
      <Card>
        <EmptyState
          title={title}
          description={description}
          action={<IntentLink href={back.href}>{back.label}</IntentLink>}
        />
      </Card>
    </div>
  );
}

/** The not-found page of one kind of thing, as a route's default export. */
export function notFoundPage(kind: keyof typeof NOT_FOUND) {
  const text = NOT_FOUND[kind];
  return function NotFound() {
    return <NotFoundPage {...text} />;
  };
}
