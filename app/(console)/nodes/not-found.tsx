import { NotFoundPage } from '@/components/ui';

export default function NodeNotFound() {
  return (
    <NotFoundPage
      title="There is no such node"
      description="It may have been retired, or the link is wrong."
      back={{ href: '/fleet', label: 'Back to the fleet map' }}
    />
  );
}
