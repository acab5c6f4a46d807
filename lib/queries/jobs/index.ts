// Reads of the jobs pages: the list (filtered, sorted, paged in SQL) and one job.
import 'server-only';

export { DatabaseUnavailableError, isDatabaseUnavailable } from '@/lib/db';
export { listJobs, type ListJobsOptions } from './list';
export { getJob, type GetJobOptions } from './job';
export * from './params';
export type * from './types';
