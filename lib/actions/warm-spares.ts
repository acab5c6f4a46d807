'use server';

// A pool's warm spares (admins): how many healthy nodes it holds out of service for recovery to swap in at once
// when it replaces a node (DOMAIN.md "Automatic recovery"). The worker holds or releases nodes to match.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { action, ActionError } from './action';
import { reason } from './fields';

/** The most spares a pool may hold; the database holds the same bound. */
const MAX_SPARES = 64;

const input = z.object({
  poolId: z.coerce.number({ error: 'is not a pool' }).int('is not a pool').positive('is not a pool'),
  warmSpares: z
    .union([z.string(), z.number()], { error: 'is required' })
    .transform((value) => (typeof value === 'string' ? value.trim() : String(value)))
    .refine((text) => text !== '', { message: 'is required', abort: true })
    .refine((text) => /^\d+$/.test(text), 'must be a whole number from 0')
    .transform(Number)
    .refine((n) => n <= MAX_SPARES, `must be at most ${MAX_SPARES}`),
  reason,
});

export const setWarmSpares = action({
  name: 'pool.spares',
  role: 'admin',
  input,
  target: (fields) => ({ type: 'pool', id: fields.poolId }),
  async run({ input: fields, tx }) {
    const pool = await tx.pool.findUnique({ where: { id: fields.poolId } });
    if (!pool) throw new ActionError('There is no such pool.', 'not_found');
    const nodes = await tx.node.count({ where: { poolId: pool.id, state: { not: 'retired' } } });
    // A pool made of spares runs nothing.
    if (fields.warmSpares > 0 && fields.warmSpares >= nodes)
      throw ActionError.field('warmSpares', `must be fewer than the pool's ${nodes} nodes`);
    await tx.pool.update({ where: { id: pool.id }, data: { warmSpares: fields.warmSpares } });
    return { pool: pool.name, before: pool.warmSpares, after: fields.warmSpares };
  },
  after: () => revalidatePath('/admin/recovery'),
});
