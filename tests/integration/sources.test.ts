// The data sources page: each cluster's source, its status from its last answer, its last error and how far its
// data reaches.
import { describe, expect, it } from 'vitest';
import { testClient } from './test-client';

const { listSources } = await import('@/lib/queries/sources');
const { recordSourceWarning } = await import('@/lib/worker/collector');

const NOW = new Date('2026-11-25T10:30:00Z');
const { client } = testClient();

describe('listSources', () => {
  it('lists the watched cluster as having no data before the worker first writes', async () => {
    expect(await listSources(NOW)).toEqual([
      expect.objectContaining({
        name: 'demo-h800',
        kind: 'simulator',
        active: true,
        status: 'never',
        dataUntil: null,
        lagSeconds: null,
      }),
    ]);
  });

  it('tells answering from stale (over 120 s behind) from failing (an error newer than the last answer)', async () => {
    await client.query(`INSERT INTO data_source (name, kind, data_until, last_success_at, last_error_at, last_error) VALUES
      ('demo-h800', 'simulator', '2026-11-25T10:29:30Z', '2026-11-25T10:29:55Z', '2026-11-25T09:00:00Z', 'old trouble'),
      ('lab', 'prometheus', '2026-11-25T10:20:00Z', '2026-11-25T10:20:05Z', '2026-11-25T10:29:00Z', 'Prometheus answered 401'),
      ('train', 'kubernetes', '2026-11-25T10:27:00Z', '2026-11-25T10:27:00Z', NULL, NULL)`);
    const byName = Object.fromEntries((await listSources(NOW)).map((source) => [source.name, source]));
    expect(byName['demo-h800']).toMatchObject({
      kind: 'simulator',
      status: 'ok',
      lagSeconds: 30,
      active: true,
      lastError: 'old trouble',
    });
    expect(byName.lab).toMatchObject({ kind: 'prometheus', status: 'failing', lagSeconds: 600, active: false });
    expect(byName.train).toMatchObject({ kind: 'kubernetes', status: 'stale', lagSeconds: 180 });
  });

  it('shows why a source that answers reads the slow way, until it no longer does', async () => {
    const since = new Date('2026-11-25T10:12:00Z');
    const text = 'Watch down, listing at every read instead: pods (watch forbidden)';
    await recordSourceWarning(client, 'train', 'kubernetes', { text, since });
    await client.query(`UPDATE data_source SET data_until = $1, last_success_at = $1 WHERE name = 'train'`, [
      new Date('2026-11-25T10:29:45Z'),
    ]);
    const train = () => listSources(NOW).then((all) => all.find((source) => source.name === 'train'));
    // Still answering: a warning is no error, and the data is fresh.
    expect(await train()).toMatchObject({ status: 'ok', warning: text, warningSince: since.toISOString() });

    await recordSourceWarning(client, 'train', 'kubernetes', null);
    expect(await train()).toMatchObject({ status: 'ok', warning: null, warningSince: null });
  });
});
