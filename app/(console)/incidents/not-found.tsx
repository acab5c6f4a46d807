import { NotFoundPage } from '@/components/ui';

export default function IncidentNotFound() {
  return (
    <NotFoundPage
      title="There is no such incident"
      description="The link may be mistyped, or it points to an incident this console has never held."
      back={{ href: '/incidents', label: 'Go to all incidents' }}
    />
  );
}
