// Idle and wasteful GPUs now: who wastes what, why, and a way to tell them. Reached from the overview's tiles.
import { Freshness } from '@/components/live/Freshness';
import { WasteView } from '@/components/waste/WasteView';
import { authorize, requireUser } from '@/lib/auth/session';
import { getWaste } from '@/lib/queries/waste';

export const metadata = { title: 'Idle and wasteful GPUs · Fleet Console' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function WastePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const showAll = (await searchParams).all === '1';
  const data = await getWaste();
  const now = Date.parse(data.generatedAt);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Idle and wasteful GPUs</h1>
          <p className="page-subtitle">
            What the GPUs held now waste per hour, worst first, with owner and cause; and the GPUs nobody holds
          </p>
        </div>
      </header>
      <Freshness freshness={data.freshness} timeZone={data.timeZone} receivedAt={now} now={now} />
      <WasteView data={data} showAll={showAll} canAct={authorize(user, 'operator')} />
    </div>
  );
}
