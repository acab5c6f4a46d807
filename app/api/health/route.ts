import { getHealth } from '@/lib/queries/health';

export const dynamic = 'force-dynamic';

// GET /api/health - liveness for load balancers and people: 200 while the database answers, 503 when it does not.
export async function GET() {
  const health = await getHealth();
  return Response.json(health, {
    status: health.database.reachable ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
