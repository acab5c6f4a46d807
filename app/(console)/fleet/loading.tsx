import { Skeleton } from '@/components/ui';

export default function Loading() {
  return (
    <div className="page" aria-busy="true">
      <header className="page-header">
        <div>
          <h1 className="page-title">Fleet map</h1>
          <p className="page-subtitle">Loading every GPU…</p>
        </div>
      </header>
      <Skeleton height="36px" width="560px" />
      <Skeleton height="60vh" />
    </div>
  );
}
