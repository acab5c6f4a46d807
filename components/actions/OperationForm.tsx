'use client';

// The confirmation form inside the dialog: the count for a scaling operation, the impact read for it, a
// required reason for the audit log, and the job's name to type when a 512-GPU job is at stake. One
// idempotency key per opening, so a double click or a resent form acts once.
import { useEffect, useState, type FormEvent } from 'react';
import { useSettled } from '@/components/forms/useSettled';
import { Field } from '@/components/forms/Field';
import { FormOutcome, IdempotencyKey } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { ApiFetchError } from '@/components/live/fetch-api';
import { Banner, Button, Skeleton } from '@/components/ui';
import { OPERATIONS, type OperationKind } from '@/lib/ops/kinds';
import { MAX_POOL_NODES_INPUT, MAX_REPLICAS_INPUT } from '@/lib/ops/limits';
import type { RequestedAction } from '@/lib/ops/request';
import type { ActionTarget } from './ActionButtons';
import { ImpactSummary } from './ImpactSummary';
import { COUNT_NOUN, DISRUPTIVE, isScale } from './labels';
import { useImpact } from './queries';
import { OPERATION_ACTIONS } from './server-actions';
import styles from './actions.module.css';

const COUNT_SETTLE_MS = 300;

function parseCount(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

interface Props {
  kind: OperationKind;
  target: ActionTarget & { label: string };
  idempotencyKey: string;
  incidentId?: number;
  onDone(action: RequestedAction): void;
  onDismiss(): void;
  onPendingChange(pending: boolean): void;
}

/** What a reason might say, for each operation: the why that someone reading the audit log later needs. */
const REASON_EXAMPLE: Record<OperationKind, string> = {
  'job.restart': 'Hung on an NCCL all-reduce since 14:02; restarting from the 13:40 checkpoint',
  'job.cancel': 'Superseded by the r3 run; freeing its GPUs',
  'service.scale': 'Traffic up 40% since the launch; p99 latency over 2 s',
  'node.cordon': 'XID 79 on GPU 3; no new work until it is looked at',
  'node.uncordon': 'Vendor replaced the faulty GPU; burn-in passed',
  'node.drain': 'XID 79 on GPU 3; moving work off before the vendor swap',
  'node.reboot': 'Double-bit ECC errors on GPU 5; a reboot resets the GPU',
  'node.replace': 'Third fatal XID this week; swapping the machine',
  'pool.scale': 'Spot capacity back in the region; the training queue is 2 days deep',
};

export function OperationForm({ kind, target, idempotencyKey, incidentId, onDone, onDismiss, onPendingChange }: Props) {
  const scale = isScale(kind);
  const scope = `op-${kind.replace('.', '-')}-${target.id}`;
  const [countText, setCountText] = useState(scale && target.desired != null ? String(target.desired) : '');
  const typedCount = parseCount(countText);
  // The impact is read for the count once typing has paused, not for every keystroke.
  const count = useSettled(typedCount, COUNT_SETTLE_MS);
  const countChosen = scale && count !== undefined && count !== target.desired;
  const impact = useImpact(kind, target.id, scale ? count : undefined, !scale || countChosen);
  const form = useActionForm(OPERATION_ACTIONS[kind], { initialKey: idempotencyKey, scope, onSuccess: onDone });
  const [typedName, setTypedName] = useState('');

  useEffect(() => onPendingChange(form.pending), [form.pending, onPendingChange]);

  // Refused at submit (the target changed since the dialog opened, or now disrupts a 512-GPU job): read the
  // impact again, so the dialog shows why and asks for what is now needed.
  const { result } = form;
  const { refetch } = impact;
  useEffect(() => {
    if (result && !result.ok && (result.code === 'conflict' || result.fieldErrors?.confirmName)) void refetch();
  }, [result, refetch]);

  const refused = impact.error instanceof ApiFetchError && impact.error.status === 409 ? impact.error.message : null;
  const failed = impact.error && !refused ? impact.error : null;
  // A refusal of the count belongs to the count field; any other refusal means there is nothing to confirm.
  const blocked = refused !== null && !scale;
  const confirmName = impact.data?.confirmName ?? null;
  const nameMatches = !confirmName || typedName.trim() === confirmName;
  const ready = !!impact.data && !refused && nameMatches && (!scale || (countChosen && typedCount === count));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (!ready) {
      event.preventDefault();
      return;
    }
    form.onSubmit(event);
  };

  const info = OPERATIONS[kind];
  const noun = scale ? COUNT_NOUN[kind] : '';
  const countError = form.errorOf('count') ?? (scale ? refused : null);
  const countHint =
    target.desired != null ? `Set to ${target.desired} ${noun} now.` : `The number of ${noun} it should have.`;

  return (
    <form onSubmit={onSubmit} className="stack" aria-label={`${info.label} ${target.label}`} noValidate>
      <IdempotencyKey value={form.idempotencyKey} />
      <input type="hidden" name="targetId" value={target.id} />
      {incidentId !== undefined && <input type="hidden" name="incidentId" value={incidentId} />}
      {scale && (
        <Field
          form={form}
          name="count"
          label={noun === 'nodes' ? 'Nodes' : 'Replicas'}
          hint={countHint}
          error={countError}
        >
          <input
            className={`input ${styles.countInput}`}
            type="number"
            inputMode="numeric"
            min={0}
            max={kind === 'pool.scale' ? MAX_POOL_NODES_INPUT : MAX_REPLICAS_INPUT}
            value={countText}
            onChange={(event) => setCountText(event.target.value)}
            data-initial-focus
          />
        </Field>
      )}

      <div aria-live="polite" className={styles.impactSlot}>
        {scale && !countChosen ? null : impact.isPending && impact.fetchStatus !== 'idle' ? (
          <div role="status" className={styles.loading}>
            <span className="visually-hidden">Working out the impact</span>
            <Skeleton height={48} />
            <Skeleton lines={2} />
          </div>
        ) : blocked ? (
          <Banner tone="warn" title={`${info.label} cannot be done now`} data-testid="impact-refusal">
            {refused}
          </Banner>
        ) : failed ? (
          <Banner
            tone="bad"
            title="The impact could not be worked out"
            action={
              <Button size="sm" onClick={() => void refetch()}>
                Try again
              </Button>
            }
          >
            {failed.message} Nothing has been asked of the cluster.
          </Banner>
        ) : impact.data ? (
          <ImpactSummary impact={impact.data} />
        ) : null}
      </div>

      {!blocked && (
        <>
          <Field form={form} name="reason" label="Reason, for the audit log">
            <textarea
              className="textarea"
              rows={2}
              maxLength={500}
              required
              placeholder={REASON_EXAMPLE[kind]}
              data-initial-focus={scale ? undefined : true}
            />
          </Field>
          {confirmName && (
            <Field
              form={form}
              name="confirmName"
              label={
                <>
                  Type <strong className="mono">{confirmName}</strong> to confirm
                </>
              }
              hint="It runs on 512 GPUs or more; its name is asked so that it is not hit by mistake."
            >
              <input
                className="input"
                autoComplete="off"
                spellCheck={false}
                value={typedName}
                onChange={(event) => setTypedName(event.target.value)}
              />
            </Field>
          )}
          <FormOutcome result={form.result} success="Asked of the cluster." />
        </>
      )}

      <div className={styles.footer}>
        <Button onClick={onDismiss}>Close</Button>
        {!blocked && (
          <Button
            type="submit"
            variant={DISRUPTIVE.has(kind) ? 'danger' : 'primary'}
            loading={form.pending}
            disabled={!ready && !form.pending}
          >
            {kind === 'job.cancel' ? 'Cancel job' : info.label} {target.label}
          </Button>
        )}
      </div>
    </form>
  );
}
