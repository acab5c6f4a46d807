// A page whose id names nothing: said plainly, inside the console's shell, with the way back to its list.
import Link from 'next/link';
import { Card } from './Card';
import { EmptyState } from './EmptyState';

export function NotFoundPage({
  title,
  description,
  back,
}: {
  title: string;
  /** Why the link may name nothing. */
  description: string;
  back: { href: string; label: string };
}) {
  return (
    <div className="page">
      <Card>
        <EmptyState title={title} description={description} action={<Link href={back.href}>{back.label}</Link>} />
      </Card>
    </div>
  );
}
