// The collector: reads one cluster's source and writes what it saw. Exactly one worker collects a cluster at a time
// (a Postgres advisory lock per cluster elects it); the others stand by and take over if it dies. Everything one step reads is written
// in one transaction together with the source's cursor (and the simulator's state), so after a crash or a
// database restart the next leader reloads from the last commit and reads the same window again: nothing is
// lost while the source can still give it, and nothing is written twice.
import type { Pool, PoolClient } from 'pg';
import { pgTransaction } from '@/lib/db/pg-transaction';
import { CLUSTER_NAME as SIMULATED_CLUSTER } from '@/lib/sources/simulator/topology';
import type { Snapshot, Source } from '@/lib/sources/types';
import { Batch, processSnapshot, type HourState } from './ingest/batch';
import { loadContext, type IngestContext } from './ingest/context';
import { packBoundary } from './ingest/samples';
import { writeBatch } from './ingest/write';
import { log } from './log';
import { HOUR_MS, MINUTE_MS } from '@/lib/domain/time';

const LEADER_LOCK = 727_002;
/** History older than the raw retention is read one sample per this many minutes, each standing for them all. */
const BACKFILL_EVERY_MINUTES = 10;

/**
 * Where raw samples begin, `hours` back: just after a whole backfill period, so that the last period read in
 * backfill steps ends where minute-by-minute reading begins, and no minute falls between them.
 */
export function rawSamplesFrom(hours: number, now = Date.now()): Date {
  const period = BACKFILL_EVERY_MINUTES * MINUTE_MS;
  return new Date(Math.ceil((now - hours * HOUR_MS) / period) * period + MINUTE_MS);
}

export interface SourceSession {
  source: Source;
  clusterName: string;
  /** Where the source's data ends in the database (the cursor), or where history should start. */
  cursor: Date;
  /** Applies pending commands (injected faults) to the source before it is read. */
  beforeRead?(pool: Pool): Promise<void>;
  /**
   * Writes the nodes and GPUs (and real GPU UUIDs) the source has found since it opened; true when it wrote any,
   * so the collector reloads what it knows of the cluster before the next read.
   */
  refreshTopology?(pool: Pool): Promise<boolean>;
  /** Saves the source's own state within the write transaction (the simulator's model). */
  saveState?(client: PoolClient, until: Date): Promise<void>;
}

export interface CollectorOptions {
  /** The cluster collected: its leader lock and its data_source row. Default: the one cluster of the environment. */
  cluster?: string;
  /** Opens the source, restoring any saved state, and tells where its cursor stands. */
  openSource(pool: Pool): Promise<SourceSession>;
  /** Raw minute samples older than this many hours before start are only rolled up. */
  backfillSampleHours: number;
  /** How much simulated time one write covers while catching up. */
  catchUpBatchMinutes?: number;
  onProgress?(until: Date, target: Date): void;
}

interface Loaded {
  session: SourceSession;
  ctx: IngestContext;
  hourState: HourState;
  keepSamplesFrom: Date;
  /** Minute rows before this are packed into hours; 0 until this leader's first commit packs what it finds. */
  packedBefore: number;
}

export class Collector {
  private leaderClient: PoolClient | null = null;
  private loaded: Loaded | null = null;
  /** The cluster the source last opened said it reads, when the options name none. */
  private openedCluster: string | null = null;
  /**
   * Where collection time goes, in milliseconds since the process started, for the benchmark and the logs. `stateMs`,
   * the source's own saved state (the simulator's model), is within `writeMs` but is none of the console's tables.
   */
  readonly stats = { readMs: 0, processMs: 0, writeMs: 0, stateMs: 0, commits: 0, packMs: 0 };

  constructor(
    private readonly pool: Pool,
    private readonly options: CollectorOptions,
  ) {}

  /** Tries to become (or stay) the collecting worker. */
  async lead(): Promise<boolean> {
    if (this.leaderClient) return true;
    let client: PoolClient | null = null;
    try {
      client = await this.pool.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
        LEADER_LOCK,
        this.options.cluster ?? '',
      ]);
      if (!rows[0].ok) {
        client.release();
        return false;
      }
      // The lock lives as long as this connection; if the connection dies, so does our leadership.
      client.on('error', () => void this.resign('connection lost'));
      this.leaderClient = client;
      this.loaded = null;
      log.info('collector: leading', { cluster: this.cluster });
      return true;
    } catch (error) {
      client?.release(true);
      throw error;
    }
  }

  /**
   * Gives up collecting: on shutdown (the lock is released at once, so another worker can take over) or
   * because the connection that held the lock is gone (and the lock with it).
   */
  async resign(reason: 'stopping' | 'connection lost' = 'stopping') {
    const client = this.leaderClient;
    this.leaderClient = null;
    this.loaded = null;
    if (!client) return;
    if (reason === 'stopping') {
      await client
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEADER_LOCK, this.options.cluster ?? ''])
        .catch(() => {});
    }
    client.release(true);
    (reason === 'stopping' ? log.info : log.warn)(`collector: no longer leading (${reason})`);
  }

  /** The cluster's name, which keys its leader lock and its data_source row. */
  get cluster(): string {
    return this.options.cluster ?? this.openedCluster ?? SIMULATED_CLUSTER;
  }

  get isLeader() {
    return this.leaderClient !== null;
  }

  private async load(): Promise<Loaded> {
    const session = await this.options.openSource(this.pool);
    this.openedCluster = session.clusterName;
    const ctx = await loadContext(this.pool, session.clusterName);
    return {
      session,
      ctx,
      hourState: new Map(),
      keepSamplesFrom: rawSamplesFrom(this.options.backfillSampleHours),
      packedBefore: 0,
    };
  }

  /**
   * Brings the database up to `until`, or, with `stopAfter`, up to the end of the first minute whose snapshot it
   * holds for (written like any other). Returns the new cursor.
   */
  async advance(until: Date, options: { stopAfter?: (snapshot: Snapshot) => boolean } = {}): Promise<Date> {
    if (!this.isLeader) throw new Error('not the collecting worker');
    try {
      this.loaded ??= await this.load();
      return await this.advanceLoaded(this.loaded, until, options.stopAfter);
    } catch (error) {
      // Whatever was read but not committed is dropped; the next step reloads from the last commit.
      this.loaded = null;
      throw error;
    }
  }

  /** Where the source's data ends in the database, once this leader has opened it; null before. */
  get cursor(): Date | null {
    return this.loaded?.session.cursor ?? null;
  }

  private async advanceLoaded(loaded: Loaded, until: Date, stopAfter?: (snapshot: Snapshot) => boolean): Promise<Date> {
    if (await loaded.session.refreshTopology?.(this.pool)) {
      loaded.ctx = await loadContext(this.pool, loaded.session.clusterName);
    }
    const { session, ctx, hourState, keepSamplesFrom } = loaded;
    const batchSpan = (this.options.catchUpBatchMinutes ?? 1440) * MINUTE_MS;
    await session.beforeRead?.(this.pool);
    let cursor = session.cursor;
    let stopped = false;
    while (cursor < until && !stopped) {
      const batch = new Batch();
      const batchEnd = Math.min(until.getTime(), cursor.getTime() + batchSpan);
      while (cursor.getTime() < batchEnd && !stopped) {
        // Catching up goes minute by minute so that states and allocations are exact to the minute;
        // a live step (15 s) is a single read.
        const next = new Date(Math.min(batchEnd, Math.floor(cursor.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS));
        const sampleEveryMinutes = next < keepSamplesFrom ? BACKFILL_EVERY_MINUTES : 1;
        const t0 = performance.now();
        const snapshot = await session.source.collect(cursor, next, { sampleEveryMinutes });
        const t1 = performance.now();
        processSnapshot(ctx, hourState, batch, snapshot, cursor, { keepSamplesFrom, sampleEveryMinutes });
        this.stats.readMs += t1 - t0;
        this.stats.processMs += performance.now() - t1;
        cursor = next;
        stopped = stopAfter?.(snapshot) ?? false;
      }
      const t2 = performance.now();
      await this.commit(loaded, batch, cursor);
      this.stats.writeMs += performance.now() - t2;
      this.stats.commits++;
      session.cursor = cursor;
      await this.packFinishedHours(loaded, cursor);
      this.options.onProgress?.(cursor, until);
    }
    return cursor;
  }

  private async commit(loaded: Loaded, batch: Batch, until: Date) {
    await pgTransaction(this.pool, async (client) => {
      await writeBatch(client, loaded.ctx, batch);
      const t0 = performance.now();
      await loaded.session.saveState?.(client, until);
      this.stats.stateMs += performance.now() - t0;
      // data_until is the newest real reading (a batch without one leaves it); read_until the cursor.
      const { source } = loaded.session;
      await client.query(
        `INSERT INTO data_source (name, kind, last_success_at, data_until, read_until, lag_seconds)
         VALUES ($1, $2, now(), $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET kind = $2, last_success_at = now(),
           data_until = GREATEST(data_source.data_until, EXCLUDED.data_until), read_until = $4, lag_seconds = $5`,
        [
          loaded.session.clusterName,
          source.name,
          batch.readingsUntil,
          until,
          Math.round((source.expectedLagMs ?? 0) / 1000),
        ],
      );
    });
  }

  /**
   * Packs the minute rows of hours now over (packBoundary) into gpu_sample_hour, once per hour and after the
   * step's own commit, so the hour's one big statement never holds up a minute's data. Failing, it is tried again
   * on the next step; the minutes stay readable meanwhile.
   */
  private async packFinishedHours(loaded: Loaded, cursor: Date) {
    const before = packBoundary(cursor).getTime();
    if (before <= loaded.packedBefore) return;
    const t0 = performance.now();
    try {
      await this.pool.query('SELECT fleet_pack_samples($1)', [new Date(before)]);
      loaded.packedBefore = before;
    } catch (error) {
      log.warn('collector: packing finished hours failed; will retry', { error: String(error) });
    } finally {
      this.stats.packMs += performance.now() - t0;
    }
  }

  /** Records a failed read of the cluster's source (of this kind), so every page can say its data is stale and why. */
  async recordFailure(kind: string, error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    await this.pool
      .query(
        `INSERT INTO data_source (name, kind, last_error_at, last_error) VALUES ($1, $2, now(), $3)
         ON CONFLICT (name) DO UPDATE SET kind = $2, last_error_at = now(), last_error = $3`,
        [this.cluster, kind, message.slice(0, 1000)],
      )
      .catch(() => {});
  }
}

/** Records that a source answers but the slow way (or, with null, that it no longer does), for the sources page. */
export async function recordSourceWarning(
  pool: Pick<Pool, 'query'>,
  cluster: string,
  kind: string,
  warning: { text: string; since: Date } | null,
) {
  await pool
    .query(
      `INSERT INTO data_source (name, kind, warning, warning_since) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET warning = $3, warning_since = $4`,
      [cluster, kind, warning?.text.slice(0, 1000) ?? null, warning?.since ?? null],
    )
    .catch((error: unknown) => log.warn('collector: recording a source warning failed', { error: String(error) }));
}
