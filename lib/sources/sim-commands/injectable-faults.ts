// The faults an operator can inject into the simulator, shared by the API, the command line and the worker.
import { z } from 'zod';

export const INJECTABLE_FAULTS = [
  'hang',
  'fatal_xid',
  'job_failure',
  'node_lost',
  'straggler',
  'thermal',
  'xid_warning',
] as const;

export const FAULT_DESCRIPTIONS: Record<(typeof INJECTABLE_FAULTS)[number], string> = {
  hang: 'a job stops making progress: all its GPUs drop under 5% (target: job)',
  fatal_xid: 'a fatal XID on one GPU: the node goes down, its job fails (target: job or node; code defaults to 79)',
  job_failure: 'the job exits with an error (target: job)',
  node_lost: 'a node disappears: no samples, its jobs fail (target: node)',
  straggler: 'one GPU of a job runs far below the others (target: job)',
  thermal: 'a GPU overheats and throttles (target: job or node)',
  xid_warning: 'a warning XID, logged and counted (target: job or node; code defaults to 13)',
};

export const faultInjectionSchema = z.object({
  kind: z.enum(INJECTABLE_FAULTS),
  target: z.string().trim().min(1, 'Name a job (its id, e.g. job-000123) or a node (its hostname).').max(200),
  code: z.number().int().min(1).max(999).optional(),
});

/**
 * What the API accepts: the fault, the simulated cluster it is for (needed only when several hold the target), and
 * an optional key that makes a retried request act once.
 */
export const faultRequestSchema = faultInjectionSchema.extend({
  cluster: z.string().trim().min(1).max(100).optional(),
  idempotencyKey: z.string().uuid('must be a UUID').optional(),
});

export type FaultInjectionInput = z.infer<typeof faultInjectionSchema>;
