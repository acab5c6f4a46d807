'use client';

// Add an SLO, or edit one: its name, what it measures, the target as a percentage, the window in days, whether
// it is evaluated, and for inference availability the PromQL of its good and of all requests.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ClusterField } from '@/components/forms/ClusterField';
import { Field } from '@/components/forms/Field';
import { ActionFormFrame, FieldError, FormSubmit } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { createSlo, updateSlo } from '@/lib/actions/slos';
import { DEFAULT_SLO_TARGETS } from '@/lib/domain/slo';
import type { SloKind } from '@/lib/domain/enums';
import type { SloSummary } from '@/lib/queries/slos/types';
import { SLO_KIND_LABELS, targetAsPercentText } from './format';
import forms from '@/components/forms/forms.module.css';
import styles from './slos.module.css';
import { Options } from '@/components/forms/Options';

export interface SloFormProps {
  initialKey: string;
  /** Editing this SLO; adding one when absent. */
  slo?: Pick<SloSummary, 'id' | 'name' | 'kind' | 'target' | 'windowDays' | 'enabled' | 'queries' | 'cluster'>;
  /** The clusters the console watches: a new SLO may watch one of them, or the whole organisation. */
  clusters: string[];
  /** A new SLO's cluster at first: the page's scope. */
  cluster?: string | null;
}

const KINDS = Object.keys(SLO_KIND_LABELS) as SloKind[];

export function SloForm({ initialKey, slo, clusters, cluster = null }: SloFormProps) {
  const queryClient = useQueryClient();
  const form = useActionForm(slo ? updateSlo : createSlo, {
    initialKey,
    scope: slo ? `slo-${slo.id}` : 'new-slo',
    // The live list and page show the change now rather than at their next refresh.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: slo ? ['slo', slo.id] : ['slos'] }),
  });
  const [kind, setKind] = useState<SloKind>(slo?.kind ?? 'gpu_availability');
  const label = slo ? `Edit SLO ${slo.name}` : 'New SLO';
  return (
    <ActionFormFrame form={form} className={forms.form} label={label}>
      {slo && <input type="hidden" name="id" value={slo.id} />}
      <div className={forms.fields}>
        <Field form={form} name="name" label="Name">
          <input className="input" defaultValue={slo?.name} placeholder="Chat API availability" />
        </Field>
        {slo ? (
          <div className="field">
            <span className="label">Measures</span>
            <input type="hidden" name="kind" value={slo.kind} />
            <span className={styles.readOnly}>{SLO_KIND_LABELS[slo.kind]}</span>
            <FieldError id={form.errorId('kind')} error={form.errorOf('kind')} />
          </div>
        ) : (
          <Field form={form} name="kind" label="Measures">
            <select className="select" value={kind} onChange={(event) => setKind(event.target.value as SloKind)}>
              <Options of={KINDS} label={SLO_KIND_LABELS} />
            </select>
          </Field>
        )}
        {slo ? (
          // Its snapshots measure one cluster's figures (or the organisation's): another is another SLO.
          <div className="field">
            <span className="label">Cluster</span>
            <input type="hidden" name="cluster" value={slo.cluster ?? ''} />
            <span className={styles.readOnly}>{slo.cluster ?? 'Whole organisation'}</span>
            <FieldError id={form.errorId('cluster')} error={form.errorOf('cluster')} />
          </div>
        ) : (
          clusters.length > 1 && <ClusterField form={form} clusters={clusters} initial={cluster ?? null} />
        )}
        <Field form={form} name="target" label="Target (%)">
          <input
            // A new SLO's default target follows the kind chosen.
            key={slo ? 'target' : kind}
            className="input"
            inputMode="decimal"
            defaultValue={targetAsPercentText(slo?.target ?? DEFAULT_SLO_TARGETS[kind])}
          />
        </Field>
        <Field form={form} name="windowDays" label="Window (days)">
          <input className="input" inputMode="numeric" defaultValue={slo?.windowDays ?? 30} />
        </Field>
        <label className={styles.checkbox}>
          <input type="checkbox" name="enabled" defaultChecked={slo?.enabled ?? true} /> Evaluated and alerting
        </label>
        {kind === 'inference_availability' && (
          <div className={styles.queries}>
            <Field form={form} name="goodQuery" label="Good requests (PromQL)">
              <input
                className="input"
                spellCheck={false}
                placeholder='http_requests_total{job="chat",code!~"5.."}'
                defaultValue={slo?.queries?.goodQuery}
              />
            </Field>
            <Field form={form} name="totalQuery" label="All requests (PromQL)">
              <input
                className="input"
                spellCheck={false}
                placeholder='http_requests_total{job="chat"}'
                defaultValue={slo?.queries?.totalQuery}
              />
            </Field>
          </div>
        )}
      </div>
      <p className="hint">
        {kind === 'inference_availability'
          ? 'Name counters: the console reads increase() of each over every window from the Prometheus it is configured with. PromQL that is not a plain selector marks the window with [$window].'
          : 'Error budget = (1 - target) x window. Alerts page when both windows of 1 h / 5 m burn faster than 14.4x, or of 6 h / 30 m faster than 6x; a ticket at 1x over 3 d / 6 h.'}
      </p>
      <FormSubmit form={form} success={slo ? 'SLO saved.' : 'SLO added.'}>
        {slo ? 'Save SLO' : 'Add SLO'}
      </FormSubmit>
    </ActionFormFrame>
  );
}
