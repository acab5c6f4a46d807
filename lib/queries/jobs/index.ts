// Reads of the jobs pages: the list (filtered, sorted, paged in SQL) and one job.
import 'server-only';

export { listJobs } from './list';
export { getJob } from './job';
export * from './params';
export type * from './types';
