import { NotFoundPage } from '@/components/ui';

export default function JobNotFound() {
  return (
    <NotFoundPage
      title="There is no such job"
      description="The link may be mistyped, or it points to a job this console has never seen."
      back={{ href: '/jobs', label: 'Go to the jobs list' }}
    />
  );
}
