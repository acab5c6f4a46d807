import { createHash } from 'node:crypto';
import { route } from '@/lib/api/route';
import { clusterScopeOf, rangeOf } from '@/lib/api/params';
import { fleetSeriesJson } from '@/lib/queries/fleet/series';

export const dynamic = 'force-dynamic';

// GET /api/fleet/series?range=7d&cluster=… - the fleet chart alone (allocation, utilization, healthy share per
// bucket), or ?from=…&to=… (ISO), of one cluster or every one; what a chart of the fleet refreshes from without the
// rest of the overview. The answer carries an ETag: a client polling with If-None-Match gets a 304 until a new
// minute of data changes it.
export const GET = route({ role: 'viewer' }, async ({ request, search }) => {
  const body = await fleetSeriesJson(rangeOf(search), clusterScopeOf(search));
  const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
  // Stored by the browser but asked again every time (no-cache), so the 304 is the only shortcut.
  const headers = { etag, 'cache-control': 'private, no-cache' };
  if (
    request.headers
      .get('if-none-match')
      ?.split(/\s*,\s*/)
      .includes(etag)
  ) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { headers: { ...headers, 'content-type': 'application/json' } });
});
