// Data sources: where the console's figures come from and whether each source is answering.
import { SourceTable } from '@/components/sources/SourceTable';
import { env } from '@/lib/env';
import { listSources } from '@/lib/queries/sources';
import { PageHeader } from '@/components/ui';

export const metadata = { title: 'Data sources · Fleet Console' };
export const dynamic = 'force-dynamic';

export default async function SourcesPage() {
  const sources = await listSources();
  return (
    <div className="page">
      <PageHeader
        title="Data sources"
        subtitle={
          <>
            The worker collects each cluster from its source every {env().FLEET_TICK_SECONDS} s. A source silent for
            more than {env().FLEET_STALE_AFTER_SECONDS} s makes the pages say that cluster&apos;s figures are stale,
            with the reason below. How to connect Prometheus, Kubernetes and Slurm is in docs/connecting-a-cluster.md.
          </>
        }
      />
      <SourceTable sources={sources} timeZone={env().FLEET_ORG_TIMEZONE} />
    </div>
  );
}
