import { z } from 'zod';
import { route } from '@/lib/api/route';
import { search } from '@/lib/queries/search';

export const dynamic = 'force-dynamic';

const query = z.object({ q: z.string().max(100, { error: 'search for at most 100 characters' }).default('') });

// GET /api/search?q=gpu-r-01 - jobs, nodes, incidents and teams matching `q`, the closest first; the header's search.
export const GET = route({ role: 'viewer', query }, async ({ query: { q } }) => search(q));
