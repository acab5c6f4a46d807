// What one Alertmanager notification does to incidents. Each firing alert is a signal keyed by its fingerprint;
// the alerts Alertmanager grouped join one incident; a resolved alert adds a signal, and the incident resolves when
// none of its alerts fires any more. The incident's timeline is the record of each alert's last known state, so a
// notification Alertmanager sends again (every group_interval, or on a retry) adds nothing it already holds.
import { incidentSeverity } from '@/lib/domain/severity';
import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import {
  hostnamesOf,
  jobNamesOf,
  severityOf,
  titleOf,
  type AlertmanagerAlert,
  type AlertmanagerWebhook,
} from './alertmanager-payload';
import { addIncidentEvent, raiseIncident, resolveIncident } from './signals';

type Tx = Prisma.TransactionClient;

/** How long a notification waits behind another one being stored before it is answered 503 (and retried). */
const LOCK_WAIT = '5s';

export interface ReceivedIncident {
  id: number;
  outcome: 'opened' | 'joined' | 'escalated' | 'resolved';
}

export interface ReceiveOutcome {
  incidents: ReceivedIncident[];
  /** Alerts that changed something: a new firing alert, or one newly resolved. */
  firing: number;
  resolved: number;
  /** Alerts already recorded as they are now: the resend of an unchanged group. */
  unchanged: number;
  notificationIds: bigint[];
}

interface KnownAlert {
  incidentId: number;
  incidentKey: string;
  status: 'firing' | 'resolved';
  startsAt: string;
}

/** What a notification did to an incident, when its alerts did several things: the most telling one. */
const OUTCOME_RANK: Record<ReceivedIncident['outcome'], number> = { joined: 0, escalated: 1, opened: 2, resolved: 3 };

export const alertKey = (fingerprint: string) => `alertmanager:${fingerprint}`;

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

/** What each alert of this notification (and of its group) was last recorded as, in unresolved incidents. */
async function knownAlerts(tx: Tx, payload: AlertmanagerWebhook) {
  const fingerprints = payload.alerts.map((alert) => alert.fingerprint);
  const rows = await tx.$queryRaw<
    { incident_id: number; key: string; fingerprint: string; status: string; starts_at: string; group_key: string }[]
  >`
    SELECT e.incident_id, i.key, e.data->>'fingerprint' AS fingerprint, e.data->>'status' AS status,
           e.data->>'startsAt' AS starts_at, e.data->>'groupKey' AS group_key
    FROM incident i JOIN incident_event e ON e.incident_id = i.id
    WHERE i.state <> 'resolved' AND e.data ? 'fingerprint'
      AND (e.data->>'fingerprint' = ANY(${fingerprints}::text[]) OR e.data->>'groupKey' = ${payload.groupKey})
    ORDER BY e.id`;
  const alerts = new Map<string, KnownAlert>();
  let group: { id: number; key: string } | null = null;
  for (const row of rows) {
    // Rows come oldest first: the last one of a fingerprint is its state now.
    alerts.set(row.fingerprint, {
      incidentId: row.incident_id,
      incidentKey: row.key,
      status: row.status === 'resolved' ? 'resolved' : 'firing',
      startsAt: row.starts_at,
    });
    if (!group && row.group_key === payload.groupKey) group = { id: row.incident_id, key: row.key };
  }
  return { alerts, group };
}

/** The node and job an alert names, where the console knows them. */
async function affected(tx: Tx, labels: Record<string, string>) {
  const hostnames = hostnamesOf(labels);
  const node = hostnames.length
    ? await tx.node.findFirst({ where: { hostname: { in: hostnames } }, select: { id: true }, orderBy: { id: 'asc' } })
    : null;
  const names = jobNamesOf(labels);
  const job = names.length
    ? ((await tx.job.findFirst({
        where: { externalId: { in: names } },
        select: { id: true },
        orderBy: { submittedAt: 'desc' },
      })) ??
      (await tx.job.findFirst({
        where: { name: { in: names } },
        select: { id: true },
        orderBy: { submittedAt: 'desc' },
      })))
    : null;
  return { nodeId: node?.id ?? null, jobId: job?.id ?? null };
}

function alertData(payload: AlertmanagerWebhook, alert: AlertmanagerAlert) {
  return {
    fingerprint: alert.fingerprint,
    status: alert.status,
    startsAt: alert.startsAt,
    endsAt: alert.endsAt,
    groupKey: payload.groupKey,
    receiver: payload.receiver,
    labels: alert.labels,
    annotations: alert.annotations,
    generatorURL: alert.generatorURL || null,
    externalURL: payload.externalURL || null,
  };
}

/** Whether every alert the incident has recorded is resolved now. */
async function allResolved(tx: Tx, incidentId: number): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ firing: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'firing')::int AS firing FROM (
      SELECT DISTINCT ON (data->>'fingerprint') data->>'status' AS status
      FROM incident_event WHERE incident_id = ${incidentId} AND data ? 'fingerprint'
      ORDER BY data->>'fingerprint', id DESC
    ) latest`;
  return row.firing === 0;
}

/** Applies one notification inside the caller's transaction. */
export async function receiveAlerts(tx: Tx, payload: AlertmanagerWebhook, now = new Date()): Promise<ReceiveOutcome> {
  // One notification at a time: two replicas of Alertmanager (or a retry racing the original) must not both
  // find an alert new. A notification that waits too long is answered 503, and Alertmanager sends it again.
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LOCK_WAIT}'`);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('alertmanager-receiver'))`;
  const { alerts: known, group: knownGroup } = await knownAlerts(tx, payload);
  let group = knownGroup;
  const outcome: ReceiveOutcome = { incidents: [], firing: 0, resolved: 0, unchanged: 0, notificationIds: [] };
  const touched = new Map<number, ReceivedIncident['outcome']>();
  const toCheck = new Set<number>();
  const note = (id: number, what: ReceivedIncident['outcome']) => {
    const before = touched.get(id);
    if (!before || OUTCOME_RANK[what] > OUTCOME_RANK[before]) touched.set(id, what);
  };

  // A fingerprint listed twice counts once, as its last entry says.
  const alerts = [...new Map(payload.alerts.map((alert) => [alert.fingerprint, alert])).values()];
  for (const alert of alerts) {
    const stored = known.get(alert.fingerprint);
    const title = titleOf(alert);
    if (alert.status === 'firing') {
      if (stored?.status === 'firing' && sameInstant(stored.startsAt, alert.startsAt)) {
        outcome.unchanged += 1;
        continue;
      }
      const raised = await raiseIncident(tx, {
        key: alertKey(alert.fingerprint),
        title,
        ...incidentSeverity({
          what: 'alert',
          severity: severityOf(alert.labels),
          label: alert.labels.severity?.trim() || null,
        }),
        source: 'alertmanager',
        message: `${stored?.status === 'resolved' ? 'Firing again' : 'Firing'} in Alertmanager: ${title}`,
        summary: alert.annotations.description ?? payload.commonAnnotations.description,
        ...(await affected(tx, alert.labels)),
        relatedKeys: [stored?.incidentKey, group?.key].filter((key): key is string => !!key),
        labels: { ...alert.labels, groupKey: payload.groupKey },
        data: alertData(payload, alert),
        at: now,
      });
      const key =
        raised.outcome === 'opened'
          ? alertKey(alert.fingerprint)
          : (await tx.incident.findUniqueOrThrow({ where: { id: raised.incidentId }, select: { key: true } })).key;
      known.set(alert.fingerprint, {
        incidentId: raised.incidentId,
        incidentKey: key,
        status: 'firing',
        startsAt: alert.startsAt,
      });
      group ??= { id: raised.incidentId, key };
      note(raised.incidentId, raised.outcome);
      outcome.notificationIds.push(...raised.notificationIds);
      outcome.firing += 1;
    } else {
      // An alert never seen firing, or whose incident is resolved already (by a person, or by this same message
      // sent before), has nothing left to do.
      if (!stored || stored.status === 'resolved') {
        outcome.unchanged += 1;
        continue;
      }
      await addIncidentEvent(tx, stored.incidentId, {
        kind: 'signal',
        message: `Resolved in Alertmanager: ${title}`,
        at: now,
        data: alertData(payload, alert),
      });
      known.set(alert.fingerprint, { ...stored, status: 'resolved' });
      note(stored.incidentId, 'joined');
      toCheck.add(stored.incidentId);
      outcome.resolved += 1;
    }
  }

  for (const incidentId of toCheck) {
    if (!(await allResolved(tx, incidentId))) continue;
    const resolved = await resolveIncident(tx, incidentId, {
      message: 'Every alert of this incident has resolved in Alertmanager',
      at: now,
      actor: 'system',
    });
    outcome.notificationIds.push(...resolved.notificationIds);
    note(incidentId, 'resolved');
  }
  outcome.incidents = [...touched].map(([id, what]) => ({ id, outcome: what }));
  return outcome;
}
