// Shapes shared by every page's data, JSON-safe. Types only: client components import them freely.

/** How fresh the data is: the newest enabled source, its last success and error, and the worker's heartbeat. */
export interface Freshness {
  /** The kind of source: simulator, prometheus, kubernetes or slurm. */
  source: string | null;
  /** The cluster it reads: of several watched, the one whose data is oldest. */
  cluster: string | null;
  /** How many clusters the console watches. */
  clusterCount: number;
  dataUntil: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** The last attempt failed (the error is newer than the last success). */
  failing: boolean;
  /** No data newer than staleAfterSeconds (or no data at all). */
  stale: boolean;
  /** FLEET_STALE_AFTER_SECONDS beyond the source's normal lag; a GPU silent for longer is not reporting. */
  staleAfterSeconds: number;
  lagSeconds: number | null;
  workerBeatAt: string | null;
  workerAgeSeconds: number | null;
}
