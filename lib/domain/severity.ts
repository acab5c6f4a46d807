// Incident severity (DOMAIN.md "Incidents"), a rule on-call can read on the incident: page when training or serving
// is interrupted and no automatic recovery is under way for it (policy off, breaker tripped, a step failed) or it
// has outlived its 5/10-minute target, or a fast burn-rate alert fires; ticket otherwise. Each verdict carries the
// sentence that decided it, which the incident keeps and shows.
import type { IncidentSeverity, JobKind } from './enums';
import { JOB_RECOVERY_TARGET_MS, NODE_RECOVERY_TARGET_MS } from './recovery';
import { formatDuration } from './units';

/** Where automatic recovery stands for an interruption. */
export type RecoveryStance =
  /** under way: an action asked for, not yet back */
  | 'acting'
  /** its policy is switched off */
  | 'off'
  /** its policy does not cover this kind of job */
  | 'not_covered'
  /** the circuit breaker stopped restarting it */
  | 'breaker'
  /** a step failed, or nothing could be asked */
  | 'failed'
  /** someone else's action is already under way (a person's restart, a node being repaired) */
  | 'elsewhere';

export type SeverityFacts =
  | {
      what: 'interruption';
      target: 'job' | 'node';
      /** The job's kind; a node's interruption is of whatever ran on it. */
      jobKind?: JobKind;
      recovery: RecoveryStance;
      faultAt: Date;
      now: Date;
    }
  | { what: 'degraded' }
  | { what: 'warning_xid' }
  | { what: 'burn_rate'; fast: boolean }
  | { what: 'budget' }
  | { what: 'alert'; severity: IncidentSeverity; label: string | null }
  | { what: 'declared'; severity: IncidentSeverity };

export interface SeverityVerdict {
  severity: IncidentSeverity;
  /** Why, in on-call's words: "Page: automatic recovery has outlived its 5-minute target". */
  rule: string;
}

export function recoveryTargetMs(target: 'job' | 'node'): number {
  return target === 'job' ? JOB_RECOVERY_TARGET_MS : NODE_RECOVERY_TARGET_MS;
}

const verdict = (severity: IncidentSeverity, why: string): SeverityVerdict => ({
  severity,
  rule: `${severity === 'page' ? 'Page' : 'Ticket'}: ${why}`,
});

function interruption(facts: Extract<SeverityFacts, { what: 'interruption' }>): SeverityVerdict {
  const targetMs = recoveryTargetMs(facts.target);
  const target = `${formatDuration(targetMs)} target`;
  const what =
    facts.target === 'node'
      ? 'a node is out of service'
      : facts.jobKind === 'inference'
        ? 'serving is interrupted'
        : 'training is interrupted';
  // An evaluation is neither training nor serving: it waits for working hours, whatever recovery does.
  if (facts.target === 'job' && facts.jobKind === 'evaluation' && facts.recovery !== 'acting') {
    return verdict('ticket', 'an evaluation job is interrupted; evaluations are neither training nor serving');
  }
  switch (facts.recovery) {
    case 'off':
      return verdict('page', `${what} and its automatic recovery is switched off`);
    case 'not_covered':
      return verdict('page', `${what} and automatic recovery does not cover it`);
    case 'breaker':
      return verdict('page', `${what} and the circuit breaker stopped restarting it`);
    case 'failed':
      return verdict('page', `${what} and a step of its automatic recovery failed`);
    case 'elsewhere':
      return verdict('ticket', `${what}; an action already under way is fixing it`);
    case 'acting': {
      const overdue = facts.now.getTime() - facts.faultAt.getTime() > targetMs;
      return overdue
        ? verdict('page', `${what} and its automatic recovery has outlived its ${target}`)
        : verdict('ticket', `automatic recovery is under way, within its ${target} from the fault`);
    }
  }
}

/** The severity DOMAIN.md's rule gives, with the sentence that says why. */
export function incidentSeverity(facts: SeverityFacts): SeverityVerdict {
  switch (facts.what) {
    case 'interruption':
      return interruption(facts);
    case 'degraded':
      return verdict('ticket', 'a degraded job (a straggler or thermal throttling) still runs');
    case 'warning_xid':
      return verdict('ticket', 'a warning XID, logged and counted');
    case 'burn_rate':
      return facts.fast
        ? verdict('page', 'a fast burn-rate alert fires (14.4x over 1 h and 5 min, or 6x over 6 h and 30 min)')
        : verdict('ticket', 'a slow burn (1x over 3 d and 6 h)');
    case 'budget':
      return verdict('ticket', 'a budget threshold was crossed');
    case 'alert':
      return verdict(
        facts.severity,
        facts.label
          ? `the alert's severity label is "${facts.label}"`
          : 'the alert carries no severity label (critical or page would page)',
      );
    case 'declared':
      return verdict(facts.severity, 'declared so by the person who opened it');
  }
}
