// A finished Job cannot be started again; it is deleted and created anew from its own spec, as users of
// `kubectl replace --force` do. What the API server generated (uid, resourceVersion, status, and for a Job the
// selector and labels the Job controller adds) is left out, or the server would refuse the new object.
import type { V1Job, V1ObjectMeta } from '@kubernetes/client-node';
import { JOB_CONTROLLER_LABELS, RESTARTS_ANNOTATION } from '@/lib/sources/kubernetes/labels';

function withoutKeys(map: Record<string, string> | undefined, keys: readonly string[]) {
  if (!map) return undefined;
  const kept = Object.fromEntries(Object.entries(map).filter(([key]) => !keys.includes(key)));
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/**
 * The metadata a user writes: name, namespace, labels (minus the given generated ones), annotations; with the
 * restarts so far, so the count goes on rising on the new object.
 */
function userMetadata(
  meta: V1ObjectMeta | undefined,
  generatedLabels: readonly string[],
  restarts: number | undefined,
): V1ObjectMeta {
  const annotations = withoutKeys(meta?.annotations, ['kubectl.kubernetes.io/last-applied-configuration']);
  return {
    name: meta?.name,
    namespace: meta?.namespace,
    labels: withoutKeys(meta?.labels, generatedLabels),
    annotations: restarts === undefined ? annotations : { ...annotations, [RESTARTS_ANNOTATION]: String(restarts) },
  };
}

export function jobForRecreate(job: V1Job, restarts?: number): V1Job {
  const spec = job.spec;
  if (!spec) throw new Error(`Job ${job.metadata?.namespace}/${job.metadata?.name} has no spec`);
  // With manualSelector the user chose the selector and labels; otherwise the controller generated them.
  const generated = spec.manualSelector ? [] : JOB_CONTROLLER_LABELS;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: userMetadata(job.metadata, generated, restarts),
    spec: {
      ...spec,
      selector: spec.manualSelector ? spec.selector : undefined,
      template: {
        ...spec.template,
        metadata: { ...spec.template.metadata, labels: withoutKeys(spec.template.metadata?.labels, generated) },
      },
    },
  };
}

/** A custom resource (a JobSet, a PyTorchJob) as untyped JSON: the same without server-generated metadata and status. */
export function customObjectForRecreate(object: Record<string, unknown>, restarts?: number): Record<string, unknown> {
  const metadata = (object.metadata ?? {}) as V1ObjectMeta;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: userMetadata(metadata, [], restarts),
    spec: object.spec,
  };
}
