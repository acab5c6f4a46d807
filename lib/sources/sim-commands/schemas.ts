// The commands the web app and the executors queue for the simulator in sim_command, and the worker applies:
// one zod schema per kind for its params, shared by both processes so that what one writes the other reads.
import { z } from 'zod';
import { faultInjectionSchema } from './injectable-faults';

const named = (what: string) => z.string({ error: what }).trim().min(1, what).max(200);
const externalId = named('Name the job by its id, e.g. job-000123.');
const hostname = named('Name the node by its hostname.');
const reason = z.string().trim().max(500).optional();
const jobTarget = z.object({ externalId, name: z.string().max(200).optional() });
const nodeTarget = z.object({ hostname, reason });

export const simCommandParams = {
  restart: jobTarget,
  cancel: jobTarget.extend({ reason }),
  scale: jobTarget.extend({ replicas: z.number().int().min(0).max(64) }),
  cordon: nodeTarget,
  uncordon: z.object({ hostname }),
  drain: nodeTarget,
  reboot: nodeTarget,
  replace: nodeTarget,
  pool_scale: z.object({
    pool: named('Name the pool.'),
    nodes: z.number({ error: 'Give the number of nodes.' }).int('must be a whole number').min(0, 'cannot be negative'),
  }),
  fault: faultInjectionSchema,
} as const;

export type SimCommandKind = keyof typeof simCommandParams;
export type SimCommandParams<K extends SimCommandKind> = z.infer<(typeof simCommandParams)[K]>;

/** A command as the worker applies it: its kind and params, validated together. */
export type SimCommandInput = {
  [K in SimCommandKind]: { kind: K; params: SimCommandParams<K> };
}[SimCommandKind];

/** What the worker stores as the command's result; readyAt (ISO time) when the effect completes, if known. */
export const simCommandResultSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  readyAt: z.string().nullish(),
});
export type SimCommandResult = z.infer<typeof simCommandResultSchema>;

const isKind = (kind: string): kind is SimCommandKind => Object.hasOwn(simCommandParams, kind);

/** Checks a stored command; the error says what is wrong in words an operator can act on. */
export function parseSimCommand(
  kind: string,
  params: unknown,
): { ok: true; command: SimCommandInput } | { ok: false; message: string } {
  if (!isKind(kind)) return { ok: false, message: `Unknown simulator command "${kind}"` };
  const parsed = simCommandParams[kind].safeParse(params);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    );
    return { ok: false, message: `Malformed ${kind} command: ${problems.join('; ')}` };
  }
  return { ok: true, command: { kind, params: parsed.data } as SimCommandInput };
}
