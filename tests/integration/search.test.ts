// The header's search, on a few jobs, nodes, incidents and teams named by hand.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { search } from '@/lib/queries/search';
import { USERS, withClient } from './actions-fixture';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());

beforeAll(() =>
  withClient(async (sql) => {
    await sql(`INSERT INTO cluster (id, name, scheduler) VALUES (1, 'demo-h800', 'simulator')`);
    await sql(`INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes)
      VALUES (1, 1, 'h800-reserved', 'H800', 'reserved', 3)`);
    await sql(`INSERT INTO node (id, cluster_id, pool_id, hostname, state) VALUES
      (1, 1, 1, 'gpu-r-001', 'ready'), (2, 1, 1, 'gpu-r-010', 'ready'), (3, 1, 1, 'gpu-r-100', 'cordoned')`);
    await sql(`INSERT INTO team (id, name) VALUES (1, 'alignment'), (2, 'foundation-models')`);
    await sql(`INSERT INTO project (id, team_id, name) VALUES (1, 1, 'rlhf'), (2, 2, 'pretrain')`);
    await sql(`INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, state, health,
                                gpus_requested, submitted_at) VALUES
      (1, 1, 'ft-00001', 'rlhf-dpo-70b', 'fine_tuning', 1, 1, 'succeeded', 'succeeded', 8, '2026-11-20Z'),
      (2, 1, 'ft-00002', 'rlhf-dpo-70b-r2', 'fine_tuning', 1, 1, 'running', 'healthy', 8, '2026-11-21Z'),
      (3, 1, 'train-00003', 'pretrain-70b_100%', 'training', 2, 2, 'running', 'healthy', 512, '2026-11-22Z')`);
    await sql(`INSERT INTO incident (id, key, title, severity, source, opened_at) VALUES
      (7, 'node:1:health', 'gpu-r-001 down', 'ticket', 'health_rule', '2026-11-25T10:00Z')`);
  }),
);

describe('the header search', () => {
  it('finds nodes closest first: the exact name, then those it begins, then those it is in', async () => {
    const { hits } = await search('gpu-r-0');
    expect(hits.filter((hit) => hit.type === 'node').map((hit) => hit.label)).toEqual(['gpu-r-001', 'gpu-r-010']);
    expect((await search('GPU-R-010')).hits.find((hit) => hit.type === 'node')).toMatchObject({
      label: 'gpu-r-010',
      href: '/nodes/2',
    });
    // "r-1" is inside gpu-r-100 only.
    expect((await search('r-1')).hits.map((hit) => hit.label)).toEqual(['gpu-r-100']);
  });

  it('puts a job that still runs before an ended one of the same name, and finds it by its id', async () => {
    const jobs = (await search('rlhf-dpo')).hits.filter((hit) => hit.type === 'job');
    expect(jobs.map((hit) => hit.label)).toEqual(['rlhf-dpo-70b-r2', 'rlhf-dpo-70b']);
    expect((await search('ft-00001')).hits[0]).toMatchObject({ type: 'job', id: 1, href: '/jobs/1' });
  });

  it('finds an incident by its number and by its title, and a team by its name', async () => {
    expect((await search('#7')).hits).toEqual([
      expect.objectContaining({ type: 'incident', id: 7, label: 'gpu-r-001 down', href: '/incidents/7' }),
    ]);
    expect((await search('down')).hits.map((hit) => hit.type)).toEqual(['incident']);
    expect((await search('align')).hits).toEqual([
      expect.objectContaining({
        type: 'team',
        label: 'alignment',
        detail: '1 job not ended',
        href: '/jobs?team=alignment',
      }),
    ]);
  });

  it('takes % and _ as the characters they are', async () => {
    expect((await search('100%')).hits.map((hit) => hit.label)).toEqual(['pretrain-70b_100%']);
    expect((await search('%')).hits.map((hit) => hit.label)).toEqual(['pretrain-70b_100%']);
  });

  it('answers signed-in people only', async () => {
    const { GET } = await import('@/app/api/search/route');
    session.user = null;
    expect((await GET(new Request('http://x/api/search?q=gpu'))).status).toBe(401);
    session.user = USERS.viewer;
    const answer = await GET(new Request('http://x/api/search?q=gpu-r-001'));
    expect(answer.status).toBe(200);
    expect((await answer.json()).hits[0]).toMatchObject({ type: 'node', label: 'gpu-r-001' });
  });
});
