// Reads of the recovery views: one fault's timeline, a job's or node's recoveries, the summary over a range,
// and the policies.
import 'server-only';

export { listRecoveryPolicies, listWarmSpares } from './policies';
export { recoveryPoints, recoverySummary } from './summary';
export { recoveriesFor, recoveryTimeline } from './timeline';
export { getRecoveryView } from './view';
export type * from './types';
