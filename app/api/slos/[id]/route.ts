import { ApiError, route } from '@/lib/api/route';
import { getSlo, parseSloId } from '@/lib/queries/slos';
import { parseTimeRange } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

// GET /api/slos/:id?range=24h - one SLO: its SLI and budget over its window, burn rates over the range.
export const GET = route({ role: 'viewer' }, async ({ request, params }) => {
  const text = String(params.id ?? '');
  const id = parseSloId(text);
  if (id === null) throw new ApiError(404, 'not_found', `There is no SLO with id "${text}".`);
  const range = parseTimeRange(new URL(request.url).searchParams);
  if (!range.ok) throw new ApiError(422, 'invalid_range', range.message);
  const slo = await getSlo(id, range.range);
  if (!slo) throw new ApiError(404, 'not_found', `There is no SLO with id ${id}.`);
  return slo;
});
