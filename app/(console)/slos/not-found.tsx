import { NotFoundPage } from '@/components/ui';

export default function SloNotFound() {
  return (
    <NotFoundPage
      title="There is no such SLO"
      description="The link may be mistyped, or the SLO was deleted."
      back={{ href: '/slos', label: 'Go to the SLOs' }}
    />
  );
}
