// Automatic recovery (DOMAIN.md): the collecting worker, after each evaluation, looks for faults it has not met
// before (a failed or stalled training job, a node down with a fatal XID or lost), opens a `recovery` for each
// (its fault key is unique, so two workers never act on one fault), raises the health-rule incident, and asks for
// the actions that fix it as the system user. Then, tick by tick, it moves each recovery on as its actions finish:
// a job is back when its restart is seen running; a node goes cordon -> drain -> reboot -> uncordon, or is replaced
// instead of rebooted when a reboot rarely fixes its fault, when it has had too many faults in the policy's window,
// or when reboots keep failing it. The circuit breaker pages on-call instead of restarting a job a fourth time in an hour.
import 'server-only';
import { ActionError } from '@/lib/errors';
import { db, Prisma } from '@/lib/db';
import { interruptionCost, lostWork } from '@/lib/domain/cost';
import type { JobKind } from '@/lib/domain/enums';
import { incidentSeverity, recoveryTargetMs, type RecoveryStance } from '@/lib/domain/severity';
import { formatDuration, formatMoney } from '@/lib/domain/units';
import { repairFor, XID_IMMEDIATE_ACTION, xidInfo } from '@/lib/domain/xid';
import { addIncidentEvent, clearIncident, raiseIncident } from '@/lib/incidents/signals';
import type { OperationKind } from '@/lib/ops/kinds';
import { requestOperation } from '@/lib/ops/request';
import { gpusHeldOnNode } from '@/lib/ops/targets';
import { heldNow, poolPriceAt } from '@/lib/pricing/rates';
import { readSettings } from '@/lib/settings/org';
import { claimSpare, keepSpares, returnSpare } from './spares';
import {
  nodePolicyConfig,
  parsePolicyConfig,
  type NodePolicyConfig,
  type PolicyKind,
  type RestartPolicyConfig,
} from './policies';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@/lib/domain/time';

type Tx = Prisma.TransactionClient;

/**
 * Ended faults older than this when first seen (history read on a first start) are left to people. A condition that
 * still holds (a job still hung, a node still down) is acted on however old its fault: the worker may have been away.
 */
const FRESH_MS = 30 * MINUTE_MS;

export interface RecoveryTick {
  opened: number;
  advanced: number;
  /** Notifications written, for the worker to queue. */
  notificationIds: bigint[];
}

interface Policy {
  id: number;
  enabled: boolean;
  kind: PolicyKind;
  config: RestartPolicyConfig | NodePolicyConfig;
}

async function policies(): Promise<Map<PolicyKind, Policy>> {
  const rows = await db.recoveryPolicy.findMany();
  return new Map(
    rows.map((row) => {
      const kind = row.kind as PolicyKind;
      return [kind, { id: row.id, enabled: row.enabled, kind, config: parsePolicyConfig(kind, row.config) }];
    }),
  );
}

interface JobFault {
  id: number;
  name: string;
  kind: string;
  gpus: number;
  team_id: number;
  cause: 'job_failed' | 'job_stalled';
  fault_at: Date;
  restart_count: number;
  reason: string | null;
  node_ids: number[];
  gpu_ids: number[];
}

interface NodeFault {
  id: number;
  hostname: string;
  gpus: number;
  cause: 'fatal_xid' | 'node_lost';
  fault_id: string;
  fault_at: Date;
  message: string | null;
}

/**
 * Looks for new faults (of one cluster, when named: the one whose data was just collected) and moves every open
 * recovery on. `now` is the wall clock.
 */
export async function recoverTick(now: Date, cluster?: string): Promise<RecoveryTick> {
  const inCluster = (clusterId: Prisma.Sql) =>
    cluster === undefined
      ? Prisma.sql`true`
      : Prisma.sql`${clusterId} = (SELECT id FROM cluster WHERE name = ${cluster})`;
  const tick: RecoveryTick = { opened: 0, advanced: 0, notificationIds: [] };
  const byKind = await policies();
  const since = new Date(now.getTime() - FRESH_MS);

  // Nodes first: a job killed by a node's fatal XID then joins the node's incident.
  const nodeFaults = await db.$queryRaw<NodeFault[]>`
    SELECT n.id, n.hostname, (SELECT count(*)::int FROM gpu g WHERE g.node_id = n.id) AS gpus,
           CASE WHEN f.kind = 'node_lost' THEN 'node_lost' ELSE 'fatal_xid' END AS cause,
           f.id::text AS fault_id, f.at AS fault_at, f.message
    FROM node n
    JOIN LATERAL (SELECT * FROM gpu_fault f WHERE f.node_id = n.id AND f.fatal
                    AND f.at >= least(${since}::timestamptz, n.state_since - interval '5 minutes')
                  ORDER BY f.at DESC LIMIT 1) f ON true
    WHERE n.state = 'down' AND ${inCluster(Prisma.sql`n.cluster_id`)}
      -- A fault met before is not looked at again: no transaction for it on every tick.
      AND NOT EXISTS (SELECT 1 FROM recovery r WHERE r.fault_key = 'node:' || n.id || ':fault:' || f.id)
    ORDER BY n.id`;
  for (const fault of nodeFaults) {
    const opened = await openNodeRecovery(fault, byKind, now);
    if (opened) {
      tick.opened += 1;
      tick.notificationIds.push(...opened);
    }
  }

  const jobFaults = await db.$queryRaw<JobFault[]>`
    SELECT j.id, j.name, j.kind::text AS kind, j.gpus_requested AS gpus, j.team_id, j.restart_count, j.health_reason AS reason,
           CASE WHEN j.health = 'stalled' THEN 'job_stalled' ELSE 'job_failed' END AS cause,
           CASE WHEN j.state = 'failed' THEN coalesce(j.ended_at, j.health_since) ELSE j.health_since END AS fault_at,
           coalesce((SELECT array_agg(DISTINCT g.node_id) FROM allocation a JOIN gpu g ON g.id = a.gpu_id
                     WHERE a.job_id = j.id AND (a."to" IS NULL OR a."to" >= coalesce(j.ended_at, j.health_since))), '{}') AS node_ids,
           coalesce((SELECT array_agg(DISTINCT a.gpu_id) FROM allocation a
                     WHERE a.job_id = j.id AND (a."to" IS NULL OR a."to" >= coalesce(j.ended_at, j.health_since))), '{}') AS gpu_ids
    FROM job j
    WHERE ((j.state = 'failed' AND j.ended_at >= ${since})
       OR (j.state = 'running' AND j.health IN ('stalled', 'failed')))
      AND ${inCluster(Prisma.sql`j.cluster_id`)}
      AND NOT EXISTS (SELECT 1 FROM recovery r WHERE r.fault_key = 'job:' || j.id || ':'
                        || CASE WHEN j.health = 'stalled' THEN 'job_stalled' ELSE 'job_failed' END || ':' || j.restart_count)
    ORDER BY j.id`;
  for (const fault of jobFaults) {
    const opened = await openJobRecovery(fault, byKind, now);
    if (opened) {
      tick.opened += 1;
      tick.notificationIds.push(...opened);
    }
  }

  const moved = await advanceRecoveries(now, byKind);
  await keepSpares(now, cluster);
  return { ...tick, advanced: moved.advanced, notificationIds: [...tick.notificationIds, ...moved.notificationIds] };
}

/**
 * Moves every open recovery on to its next step where its last action has finished. Cheap (the open ones only),
 * so the worker also runs it as soon as actions finish, between collection ticks.
 */
export async function advanceRecoveries(
  now: Date,
  byKind?: Map<PolicyKind, Policy>,
): Promise<Pick<RecoveryTick, 'advanced' | 'notificationIds'>> {
  const result = { advanced: 0, notificationIds: [] as bigint[] };
  const acting = await db.recovery.findMany({
    where: { state: 'acting' },
    orderBy: [{ detectedAt: 'asc' }, { id: 'asc' }],
  });
  if (!acting.length) return result;
  const kinds = byKind ?? (await policies());
  for (const recovery of acting) {
    const moved = await advance(recovery.id, kinds, now);
    if (moved) {
      result.advanced += 1;
      result.notificationIds.push(...moved);
    }
  }
  result.notificationIds.push(...(await escalateOverdue(now)));
  return result;
}

async function openJobRecovery(fault: JobFault, byKind: Map<PolicyKind, Policy>, now: Date) {
  const policy = byKind.get(fault.cause === 'job_failed' ? 'restart_failed_job' : 'restart_stalled_job');
  const config = policy?.config as RestartPolicyConfig | undefined;
  const covered = !!config && config.jobKinds.includes(fault.kind as never);
  return db.$transaction(async (tx) => {
    const faultKey = `job:${fault.id}:${fault.cause}:${fault.restart_count}`;
    if (!(await claimFault(tx, faultKey))) return null;
    const what = fault.cause === 'job_failed' ? 'failed' : 'stalled';
    const summary = `${fault.name} ${what}${fault.reason ? `: ${fault.reason}` : ''}`;
    const [created] = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO recovery (fault_key, target_type, job_id, cause, summary, gpus, fault_at, detected_at, policy_id, state,
                            last_checkpoint_at)
      SELECT ${faultKey}, 'job', ${fault.id}, ${fault.cause}, ${summary}, ${fault.gpus}, ${fault.fault_at}, ${now},
             ${policy?.id ?? null}, 'acting', j.last_checkpoint_at FROM job j WHERE j.id = ${fault.id}
      ON CONFLICT (fault_key) DO NOTHING RETURNING id`;
    if (!created) return null;
    const recent =
      policy?.enabled && covered
        ? await tx.action.count({
            where: {
              kind: 'job.restart',
              targetType: 'job',
              targetId: String(fault.id),
              actorKind: 'system',
              requestedAt: { gte: new Date(now.getTime() - HOUR_MS) },
            },
          })
        : 0;
    const tripped = !!config && recent >= config.maxRestartsPerHour;
    const stance: RecoveryStance = !policy?.enabled ? 'off' : !covered ? 'not_covered' : tripped ? 'breaker' : 'acting';
    const severity = incidentSeverity({
      what: 'interruption',
      target: 'job',
      jobKind: fault.kind as JobKind,
      recovery: stance,
      faultAt: fault.fault_at,
      now,
    });
    const raised = await raiseIncident(tx, {
      key: `job:${fault.id}:health`,
      title: `${fault.name} ${tripped ? 'keeps failing' : what}`,
      ...severity,
      source: 'health_rule',
      message: `Detected: ${summary}`,
      summary,
      jobId: fault.id,
      gpuIds: fault.gpu_ids,
      faultAt: fault.fault_at,
      relatedKeys: fault.node_ids.map((nodeId) => `node:${nodeId}:health`),
      at: now,
    });
    const notes = [...raised.notificationIds];
    await tx.recovery.update({ where: { id: created.id }, data: { incidentId: raised.incidentId } });

    if (!policy || stance === 'off' || stance === 'not_covered') {
      const message =
        stance === 'off'
          ? 'Automatic restart is switched off; waiting for a person'
          : `Automatic restart does not cover ${fault.kind.replace('_', '-')} jobs`;
      await tx.recovery.update({ where: { id: created.id }, data: { state: 'disabled', message } });
      return notes;
    }
    if (tripped) {
      const message = `Circuit breaker: ${fault.name} was restarted automatically ${recent} times in the last hour; not restarting it again`;
      await tx.recovery.update({ where: { id: created.id }, data: { state: 'escalated', decidedAt: now, message } });
      await addIncidentEvent(tx, raised.incidentId, { kind: 'signal', message, at: now });
      return notes;
    }
    const refused = await act(
      tx,
      created.id,
      'job.restart',
      fault.id,
      `${summary}. Restarting from the latest checkpoint.`,
      {
        policyId: policy.id,
        incidentId: raised.incidentId,
        step: 'restart',
        now,
      },
    );
    // Someone else got there first (a person's restart under way), or the job can no longer be restarted.
    if (refused)
      return [
        ...notes,
        ...(await finishFailed(tx, await recoveryRow(tx, created.id), `Not restarted: ${refused}`, now, 'elsewhere')),
      ];
    return notes;
  });
}

async function openNodeRecovery(fault: NodeFault, byKind: Map<PolicyKind, Policy>, now: Date) {
  const policy = byKind.get('remediate_fatal_xid_node');
  return db.$transaction(async (tx) => {
    const summary = `${fault.hostname} is down: ${fault.message ?? (fault.cause === 'node_lost' ? 'not responding' : 'fatal XID')}`;
    const faultKey = `node:${fault.id}:fault:${fault.fault_id}`;
    if (!(await claimFault(tx, faultKey))) return null;
    const [created] = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO recovery (fault_key, target_type, node_id, cause, summary, gpus, fault_at, detected_at, policy_id, state)
      VALUES (${faultKey}, 'node', ${fault.id}, ${fault.cause}, ${summary}, ${fault.gpus},
              ${fault.fault_at}, ${now}, ${policy?.id ?? null}, 'acting')
      ON CONFLICT (fault_key) DO NOTHING RETURNING id`;
    if (!created) return null;
    const gpuIds = (await tx.gpu.findMany({ where: { nodeId: fault.id, retiredAt: null }, select: { id: true } })).map(
      (gpu) => gpu.id,
    );
    const raised = await raiseIncident(tx, {
      key: `node:${fault.id}:health`,
      title: `${fault.hostname} down`,
      ...incidentSeverity({
        what: 'interruption',
        target: 'node',
        recovery: policy?.enabled ? 'acting' : 'off',
        faultAt: fault.fault_at,
        now,
      }),
      source: 'health_rule',
      message: `Detected: ${summary}`,
      summary,
      nodeId: fault.id,
      gpuIds,
      faultAt: fault.fault_at,
      at: now,
    });
    await tx.recovery.update({ where: { id: created.id }, data: { incidentId: raised.incidentId } });
    if (!policy?.enabled) {
      await tx.recovery.update({
        where: { id: created.id },
        data: { state: 'disabled', message: 'Automatic node remediation is switched off; waiting for a person' },
      });
      return raised.notificationIds;
    }
    const context = { policyId: policy.id, incidentId: raised.incidentId, now };
    const refused = await act(tx, created.id, 'node.cordon', fault.id, `${summary}. Cordoning before repair.`, {
      ...context,
      step: 'cordon',
    });
    // Already cordoned (by a person, say): go on to the repair; its jobs died with it, so nothing is left to drain.
    if (refused) {
      const recovery = await recoveryRow(tx, created.id);
      const repair = await repairOf(tx, recovery, policy.config as NodePolicyConfig, now);
      const repairRefused = await repairNode(tx, recovery, repair, context);
      if (repairRefused)
        return [
          ...raised.notificationIds,
          ...(await finishFailed(tx, recovery, `Not repaired: ${repairRefused}`, now, 'elsewhere')),
        ];
    }
    return raised.notificationIds;
  });
}

/**
 * Whether this worker opens the fault's recovery: another worker opening it at the same moment holds the lock, and
 * this one goes on at once rather than wait for that transaction (the fault key's unique index would make it wait,
 * holding its own transaction open all the while).
 */
async function claimFault(tx: Tx, faultKey: string): Promise<boolean> {
  const [{ claimed }] = await tx.$queryRaw<{ claimed: boolean }[]>`
    SELECT pg_try_advisory_xact_lock(hashtext('recovery'), hashtext(${faultKey})) AS claimed`;
  return claimed;
}

/** Asks for one step as the system user; a refusal (already cordoned, say) is returned, not thrown. */
async function act(
  tx: Tx,
  recoveryId: number,
  kind: OperationKind,
  targetId: number,
  reason: string,
  context: { policyId: number | null; incidentId: number | null; step: string; now: Date },
): Promise<string | null> {
  try {
    await requestOperation(tx, {
      kind,
      targetId,
      reason,
      idempotencyKey: `recovery:${recoveryId}:${context.step}`,
      requester: { kind: 'system', policyId: context.policyId, recoveryId },
      incidentId: context.incidentId,
      at: context.now,
    });
    await tx.recovery.updateMany({ where: { id: recoveryId, decidedAt: null }, data: { decidedAt: context.now } });
    return null;
  } catch (error) {
    if (error instanceof ActionError) return error.message;
    throw error;
  }
}

/** A node's remediation, in order; replace stands in for reboot when reboots do not help, with a spare's swap. */
type NodeStep = 'cordon' | 'drain' | 'reboot' | 'replace' | 'swap' | 'uncordon';

async function advance(recoveryId: number, byKind: Map<PolicyKind, Policy>, now: Date): Promise<bigint[] | null> {
  return db.$transaction(async (tx) => {
    // One worker moves a recovery at a time.
    const [locked] = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM recovery WHERE id = ${recoveryId} AND state = 'acting' FOR UPDATE SKIP LOCKED`;
    if (!locked) return null;
    const recovery = await tx.recovery.findUniqueOrThrow({
      where: { id: recoveryId },
      include: { actions: { orderBy: { requestedAt: 'asc' } } },
    });
    const actions = recovery.actions;
    const started = actions.find((a) => a.startedAt)?.startedAt ?? null;
    if (started && !recovery.actedAt)
      await tx.recovery.update({ where: { id: recoveryId }, data: { actedAt: started } });
    const last = actions.at(-1);
    if (!last) {
      // Nothing could be asked (every step refused): say so rather than wait for ever.
      return finishFailed(tx, recovery, recovery.message ?? 'No action could be taken', now);
    }
    // A warm spare swapped in: the node's capacity is back once the spare is in service; its replacement goes on.
    const swap = actions.find((a) => a.idempotencyKey.endsWith(':swap'));
    if (swap) {
      if (swap.state === 'pending' || swap.state === 'running') return null;
      if (swap.state === 'succeeded') return finishRecovered(tx, recovery, swap.finishedAt ?? now, swap.reason);
      return finishFailed(tx, recovery, `Swapping in the warm spare failed: ${swap.message ?? 'no reason given'}`, now);
    }
    if (last.state === 'pending' || last.state === 'running') return null;
    const context = { policyId: recovery.policyId, incidentId: recovery.incidentId, now };

    if (recovery.targetType === 'job') {
      if (last.state === 'succeeded')
        return finishRecovered(tx, recovery, await runningAgainAt(tx, recovery, last, now));
      return finishFailed(tx, recovery, `Restart failed: ${last.message ?? 'no reason given'}`, now);
    }

    const config = (byKind.get('remediate_fatal_xid_node')?.config ?? nodePolicyConfig.parse({})) as NodePolicyConfig;
    const step = last.idempotencyKey.split(':').at(-1) as NodeStep;
    const nodeId = recovery.nodeId!;
    const next = async (nextStep: NodeStep, kind: OperationKind, reason: string) => {
      const refused = await act(tx, recoveryId, kind, nodeId, reason, { ...context, step: nextStep });
      return refused;
    };
    if (last.state === 'failed') {
      if (step === 'reboot') {
        const refused = await repairNode(
          tx,
          recovery,
          replacement('The reboot did not bring the node back; replacing it.'),
          context,
        );
        if (!refused) return [];
      }
      if (step === 'drain') {
        // The node is down: what it held is already gone. Repair it anyway.
        const refused = await next('reboot', 'node.reboot', 'Drain did not finish; rebooting to reset the GPUs.');
        if (!refused) return [];
      }
      return finishFailed(tx, recovery, `${last.kind} failed: ${last.message ?? 'no reason given'}`, now);
    }
    if (step === 'cordon') {
      const held = await gpusHeldOnNode(tx, nodeId);
      // A node that went down took its jobs with it: nothing is left to evict, so go straight to the repair.
      if (held > 0) {
        const refused = await next('drain', 'node.drain', `Evicting the ${held} GPUs' work left before the repair.`);
        // A drain already under way (a person's) does the same: go on to the repair once it has.
        if (!refused) return [];
      }
    }
    if (step === 'cordon' || step === 'drain') {
      const refused = await repairNode(tx, recovery, await repairOf(tx, recovery, config, now), context);
      if (refused) return finishFailed(tx, recovery, `Not repaired: ${refused}`, now);
      return [];
    }
    if (step === 'reboot' || step === 'replace') {
      const refused = await next('uncordon', 'node.uncordon', 'Back and healthy; returning it to service.');
      // Nothing to uncordon (it came back schedulable): it is back now.
      if (refused) return finishRecovered(tx, recovery, last.finishedAt ?? now);
      return [];
    }
    return finishRecovered(tx, recovery, last.finishedAt ?? now);
  });
}

type RecoveryRow = Prisma.RecoveryGetPayload<object>;

interface Repair {
  step: 'reboot' | 'replace';
  kind: OperationKind;
  reason: string;
}

const replacement = (reason: string): Repair => ({ step: 'replace', kind: 'node.replace', reason });

/**
 * Asks for the repair. A replacement takes a warm spare of the node's pool when it has one: the spare is uncordoned
 * (step `swap`) as the node goes to be replaced, so the capacity is back in seconds. A refusal is returned.
 */
async function repairNode(
  tx: Tx,
  recovery: RecoveryRow,
  repair: Repair,
  context: { policyId: number | null; incidentId: number | null; now: Date },
): Promise<string | null> {
  const nodeId = recovery.nodeId!;
  const spare = repair.step === 'replace' ? await claimSpare(tx, nodeId) : null;
  const reason = spare ? `${repair.reason} The warm spare ${spare.hostname} takes its place.` : repair.reason;
  const refused = await act(tx, recovery.id, repair.kind, nodeId, reason, { ...context, step: repair.step });
  if (!spare) return refused;
  const node = await tx.node.findUniqueOrThrow({ where: { id: nodeId }, select: { hostname: true } });
  const swapRefused = refused
    ? refused
    : await act(
        tx,
        recovery.id,
        'node.uncordon',
        spare.id,
        `Warm spare ${spare.hostname} swapped in for ${node.hostname}.`,
        {
          ...context,
          step: 'swap',
        },
      );
  if (swapRefused) await returnSpare(tx, spare, context.now);
  return refused;
}

/**
 * How a node is repaired (DOMAIN.md "Automatic recovery"): replaced at once when a reboot rarely fixes its fault,
 * when it has had `replaceAfterFaults` fatal faults in the window (this one included), or when recovery has
 * rebooted it `replaceAfterReboots` times in a day; rebooted otherwise.
 */
async function repairOf(tx: Tx, recovery: RecoveryRow, config: NodePolicyConfig, now: Date): Promise<Repair> {
  const nodeId = recovery.nodeId!;
  const faultId = recovery.faultKey.split(':').at(-1)!;
  const [fault] = await tx.$queryRaw<{ kind: string; code: number | null }[]>`
    SELECT kind::text AS kind, code FROM gpu_fault WHERE id = ${BigInt(faultId)}`;
  const repair = fault ? repairFor(fault) : 'reboot';
  if (repair === 'replace') {
    const what =
      fault.kind === 'xid' ? `XID ${fault.code} (${xidInfo(fault.code!).meaning})` : 'A row-remapping failure';
    return replacement(`${what} is rarely fixed by a reboot; replacing the node.`);
  }
  const windowMs = config.faultWindowHours * HOUR_MS;
  // One fault at one moment counts once: an XID 48 is recorded with its ECC error.
  const [{ faults }] = await tx.$queryRaw<{ faults: number }[]>`
    SELECT count(DISTINCT at)::int AS faults FROM gpu_fault
    WHERE node_id = ${nodeId} AND fatal AND at > ${new Date(recovery.faultAt.getTime() - windowMs)}
      AND at <= ${recovery.faultAt}`;
  if (faults >= config.replaceAfterFaults)
    return replacement(`${faults} faults in ${formatDuration(windowMs)}; replacing it rather than rebooting it again.`);
  const [{ reboots }] = await tx.$queryRaw<{ reboots: number }[]>`
    SELECT count(*)::int AS reboots FROM action
    WHERE kind = 'node.reboot' AND target_type = 'node' AND target_id = ${String(nodeId)} AND actor_kind = 'system'
      AND requested_at >= ${new Date(now.getTime() - DAY_MS)}`;
  if (reboots >= config.replaceAfterReboots) return replacement(`Rebooted ${reboots} times in a day; replacing it.`);
  const catalog =
    fault?.kind === 'xid' ? XID_IMMEDIATE_ACTION[fault.code as keyof typeof XID_IMMEDIATE_ACTION] : undefined;
  const asks = catalog
    ? ` (NVIDIA's XID catalog: ${repair === 'reset' ? 'reset the GPU' : 'restart the machine'}, ${catalog})`
    : '';
  return { step: 'reboot', kind: 'node.reboot', reason: `Rebooting to reset the GPUs${asks}.` };
}

const recoveryRow = (tx: Tx, id: number) => tx.recovery.findUniqueOrThrow({ where: { id } });

/**
 * The hourly price of one of the GPUs involved: those the restarted job holds, or the node's pool's; null when a
 * rate is missing for any of them (the lost work is unpriced, never $0).
 */
async function pricePerGpuHour(recovery: RecoveryRow, at: Date): Promise<number | null> {
  if (recovery.jobId) {
    const held = await heldNow(recovery.jobId, at);
    return held.gpus && !held.unpriced ? held.ratePerHour / held.gpus : null;
  }
  const node = await db.node.findUnique({ where: { id: recovery.nodeId! }, select: { poolId: true } });
  return node ? poolPriceAt(node.poolId, at) : null;
}

/**
 * When a restarted job ran again, as the fault is when it happened: the time its source gives for it (the job's
 * "restarted" event, as its scheduler dates it), else the snapshot in which it was first seen running again (its
 * current run's start), else the restart's end as the console saw it, up to a step later.
 */
async function runningAgainAt(
  tx: Tx,
  recovery: RecoveryRow,
  restart: { startedAt: Date | null; finishedAt: Date | null },
  now: Date,
): Promise<Date> {
  const seen = restart.finishedAt ?? now;
  const asked = restart.startedAt ?? recovery.detectedAt;
  const jobId = recovery.jobId!;
  const event = await tx.jobEvent.findFirst({
    where: { jobId, kind: 'restarted', at: { gte: asked, lte: seen } },
    orderBy: { at: 'asc' },
    select: { at: true },
  });
  if (event) return event.at;
  const job = await tx.job.findUnique({ where: { id: jobId }, select: { runningSince: true } });
  const since = job?.runningSince;
  return since && since >= asked && since <= seen ? since : seen;
}

async function finishRecovered(tx: Tx, recovery: RecoveryRow, recoveredAt: Date, swapped?: string): Promise<bigint[]> {
  let startedAt = recovery.faultAt;
  if (recovery.jobId) {
    const job = await tx.job.findUnique({ where: { id: recovery.jobId }, select: { startedAt: true } });
    startedAt = job?.startedAt ?? recovery.faultAt;
  }
  // A node has no checkpoint: what is lost is its GPUs' time out of service.
  const lost = lostWork({
    gpus: recovery.gpus,
    startedAt: recovery.jobId ? startedAt : recovery.faultAt,
    lastCheckpointAt: recovery.jobId ? recovery.lastCheckpointAt : recovery.faultAt,
    interruptedAt: recovery.faultAt,
    recoveredAt,
  });
  const price = await pricePerGpuHour(recovery, recoveredAt);
  const cost = price === null ? null : interruptionCost(lost.gpuHours, price);
  const { currency } = await readSettings();
  const took = formatDuration(recoveredAt.getTime() - recovery.faultAt.getTime());
  const back = recovery.targetType === 'job' ? 'Running again' : swapped ? 'Capacity back' : 'Back in service';
  const message = `${back} ${took} after the fault${swapped ? ` (${swapped.replace(/\.$/, '')})` : ''}; ${lost.gpuHours.toFixed(1)} GPU-hours lost (${formatMoney(cost, { currency, unpriced: cost === null })})`;
  await tx.recovery.update({
    where: { id: recovery.id },
    data: {
      state: 'recovered',
      recoveredAt,
      lostGpuHours: lost.gpuHours,
      lostCost: cost === null ? null : cost.toFixed(2),
      message,
    },
  });
  const key = recovery.jobId ? `job:${recovery.jobId}:health` : `node:${recovery.nodeId}:health`;
  const cleared = await clearIncident(tx, key, { message, at: recoveredAt });
  return cleared?.notificationIds ?? [];
}

/**
 * Recovery gave up: recorded on it and on its incident. A step that failed pages on-call; a first step refused
 * (someone else already acting) only says so, as a ticket.
 */
async function finishFailed(
  tx: Tx,
  recovery: RecoveryRow,
  message: string,
  now: Date,
  stance: 'failed' | 'elsewhere' = 'failed',
): Promise<bigint[]> {
  await tx.recovery.update({ where: { id: recovery.id }, data: { state: 'failed', message } });
  const severity = incidentSeverity({
    what: 'interruption',
    target: recovery.targetType === 'job' ? 'job' : 'node',
    jobKind: await jobKindOf(tx, recovery.jobId),
    recovery: stance,
    faultAt: recovery.faultAt,
    now,
  });
  const raised = await raiseIncident(tx, {
    key: recovery.jobId ? `job:${recovery.jobId}:health` : `node:${recovery.nodeId}:health`,
    title: recovery.summary,
    ...severity,
    source: 'health_rule',
    message: stance === 'failed' ? `Automatic recovery failed: ${message}` : message,
    jobId: recovery.jobId,
    nodeId: recovery.nodeId,
    at: now,
  });
  return raised.notificationIds;
}

async function jobKindOf(tx: Tx, jobId: number | null): Promise<JobKind | undefined> {
  if (jobId === null) return undefined;
  return (await tx.job.findUnique({ where: { id: jobId }, select: { kind: true } }))?.kind;
}

/**
 * A ticket escalates to a page the moment its recovery outlives its target (5 minutes for a job, 10 for a node,
 * from the fault), while that recovery is still under way.
 */
async function escalateOverdue(now: Date): Promise<bigint[]> {
  const overdue = await db.$queryRaw<
    { id: number; incident_id: number; target_type: 'job' | 'node'; kind: JobKind | null; fault_at: Date }[]
  >`
    SELECT r.id, r.incident_id, r.target_type::text AS target_type, j.kind::text AS kind, r.fault_at
    FROM recovery r JOIN incident i ON i.id = r.incident_id LEFT JOIN job j ON j.id = r.job_id
    WHERE r.state = 'acting' AND i.state <> 'resolved' AND i.severity = 'ticket'
      AND r.fault_at < ${now}::timestamptz - CASE WHEN r.target_type = 'job' THEN ${recoveryTargetMs('job')}::int
                                                   ELSE ${recoveryTargetMs('node')}::int END * interval '1 millisecond'`;
  const notificationIds: bigint[] = [];
  for (const row of overdue) {
    const severity = incidentSeverity({
      what: 'interruption',
      target: row.target_type,
      jobKind: row.kind ?? undefined,
      recovery: 'acting',
      faultAt: row.fault_at,
      now,
    });
    if (severity.severity !== 'page') continue;
    const raised = await db.$transaction(async (tx) => {
      const incident = await tx.incident.findUniqueOrThrow({ where: { id: row.incident_id } });
      return raiseIncident(tx, {
        key: incident.key,
        title: incident.title,
        ...severity,
        source: incident.source,
        message: `Recovery still under way ${formatDuration(now.getTime() - row.fault_at.getTime())} after the fault`,
        at: now,
      });
    });
    notificationIds.push(...raised.notificationIds);
  }
  return notificationIds;
}
