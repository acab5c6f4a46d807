import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { DEMO_RATES, seedDemo } from '@/lib/db/seed';
import { newSimulator } from '@/lib/worker/simulator-session';

describe('seeding the demo cluster', () => {
  const topology = () => newSimulator({ seed: 42, nodes: 128, backfillDays: 30 }).topology();

  it('creates the 1,024-GPU cluster in two pools, five teams, demo users, prices, SLOs and policies', async () => {
    const result = await seedDemo(db, await topology(), { passwords: { admin: 'admin-password-1' } });
    expect(result.created).toBe(true);
    expect(await db.node.count()).toBe(128);
    expect(await db.gpu.count()).toBe(1024);
    const pools = await db.pool.findMany({ orderBy: { name: 'asc' } });
    expect(pools.map((pool) => [pool.name, pool.pricingClass])).toEqual([
      ['h800-reserved', 'reserved'],
      ['h800-spot', 'spot'],
    ]);
    expect(await db.team.count()).toBe(5);
    expect(await db.slo.count()).toBe(3);
    expect(await db.recoveryPolicy.count()).toBe(3);
    const reserved = await db.rateCard.findFirstOrThrow({ where: { pricingClass: 'reserved' } });
    expect(Number(reserved.pricePerGpuHour)).toBe(DEMO_RATES.reserved);

    const users = await db.user.findMany({ orderBy: { id: 'asc' } });
    expect(users.map((user) => [user.email, user.role])).toEqual([
      ['viewer@fleet.local', 'viewer'],
      ['operator@fleet.local', 'operator'],
      ['admin@fleet.local', 'admin'],
    ]);
    // Passwords are stored only as bcrypt hashes; the chosen one works, the random ones are returned once.
    const admin = users.find((user) => user.role === 'admin')!;
    expect(admin.passwordHash).not.toContain('admin-password-1');
    expect(await bcrypt.compare('admin-password-1', admin.passwordHash!)).toBe(true);
    const viewerPassword = result.demoUsers!.find((user) => user.role === 'viewer')!.password;
    expect(viewerPassword.length).toBeGreaterThanOrEqual(12);
    expect(await bcrypt.compare(viewerPassword, users[0].passwordHash!)).toBe(true);
  });

  it('does nothing the second time, and shows no passwords again', async () => {
    const again = await seedDemo(db, await topology());
    expect(again).toMatchObject({ created: false });
    expect(again.demoUsers).toBeUndefined();
    expect(await db.gpu.count()).toBe(1024);
    expect(await db.user.count()).toBe(3);
  });
});
