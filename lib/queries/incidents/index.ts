// Reads of the incident pages: the on-call view, the full list, one incident, and statistics.
import 'server-only';

export { listIncidents, onCallIncidents } from './list';
export { getIncident } from './detail';
export { incidentStats } from './stats';
export * from './params';
export type * from './types';
