// The cluster an SLO or a budget watches: the whole organisation (submitted as '') or one of the watched clusters.
import { Field } from './Field';
import type { ActionForm } from './useActionForm';
import { Options } from './Options';

interface Props {
  form: Pick<ActionForm, 'idOf' | 'errorId' | 'errorOf'>;
  clusters: string[];
  /** The cluster chosen at first; null for the whole organisation. */
  initial: string | null;
}

export function ClusterField({ form, clusters, initial }: Props) {
  return (
    <Field form={form} name="cluster" label="Cluster">
      <select className="select" defaultValue={initial ?? ''}>
        <option value="">Whole organisation</option>
        <Options of={clusters} />
      </select>
    </Field>
  );
}
