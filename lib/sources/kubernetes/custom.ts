// The custom resources the console reads as jobs: Kubeflow's training jobs (the training operator's kubeflow.org/v1
// kinds, and MPIJob v2beta1 from the MPI operator) and JobSets (jobset.x-k8s.io, which Kubeflow Trainer v2 runs on).
// The client returns them as untyped JSON, so the fields the console reads are checked here; the rest is ignored.
import { z } from 'zod';

const quantity = z.union([z.string(), z.number()]).transform(String);
const resourceList = z.record(z.string(), quantity).optional();

const podSpec = z.object({
  containers: z
    .array(z.object({ resources: z.object({ limits: resourceList, requests: resourceList }).optional() }))
    .default([]),
});

const condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});

const metadata = z.object({
  name: z.string(),
  namespace: z.string().default('default'),
  uid: z.string().optional(),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  creationTimestamp: z.string().optional(),
});

export interface CustomKind {
  kind: string;
  group: string;
  /** Versions to try, in order: the first the cluster serves is read. */
  versions: readonly string[];
  plural: string;
}

/** A training operator kind: its replicas are in `spec.<replicaField>`, a map of replica type to spec. */
export interface TrainingKind extends CustomKind {
  replicaField: string;
}

const kubeflow = (kind: string, plural: string, replicaField: string, versions = ['v1']): TrainingKind => ({
  kind,
  group: 'kubeflow.org',
  versions,
  plural,
  replicaField,
});

/** The training operator's kinds (github.com/kubeflow/training-operator, pkg/apis/kubeflow.org/v1). */
export const TRAINING_KINDS: readonly TrainingKind[] = [
  kubeflow('PyTorchJob', 'pytorchjobs', 'pytorchReplicaSpecs'),
  kubeflow('TFJob', 'tfjobs', 'tfReplicaSpecs'),
  kubeflow('MPIJob', 'mpijobs', 'mpiReplicaSpecs', ['v1', 'v2beta1']),
  kubeflow('XGBoostJob', 'xgboostjobs', 'xgbReplicaSpecs'),
  kubeflow('PaddleJob', 'paddlejobs', 'paddleReplicaSpecs'),
  kubeflow('JAXJob', 'jaxjobs', 'jaxReplicaSpecs'),
];

export const JOBSET_KIND: CustomKind = {
  kind: 'JobSet',
  group: 'jobset.x-k8s.io',
  versions: ['v1alpha2'],
  plural: 'jobsets',
};

const replicaSpec = z.object({
  replicas: z.number().int().nonnegative().optional(),
  template: z.object({ spec: podSpec.optional() }).optional(),
});

const trainingSchema = z.object({
  kind: z.string().optional(),
  metadata,
  spec: z.record(z.string(), z.unknown()).default({}),
  status: z
    .object({
      conditions: z.array(condition).default([]),
      startTime: z.string().optional(),
      completionTime: z.string().optional(),
    })
    .optional(),
});

export type PodSpecShape = z.infer<typeof podSpec>;

export interface TrainingJob {
  kind: string;
  metadata: z.infer<typeof metadata>;
  /** Replica type → how many pods of which spec. */
  replicas: { type: string; count: number; podSpec: PodSpecShape | undefined }[];
  status: NonNullable<z.infer<typeof trainingSchema>['status']> | undefined;
}

/** The items of a list of one training kind that have the shape the console reads; others are skipped. */
export function parseTrainingJobs(kind: TrainingKind, items: unknown): TrainingJob[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    const parsed = trainingSchema.safeParse(item);
    if (!parsed.success) return [];
    const specs = z.record(z.string(), replicaSpec).safeParse(parsed.data.spec[kind.replicaField] ?? {});
    if (!specs.success) return [];
    const replicas = Object.entries(specs.data).map(([type, spec]) => ({
      type,
      count: spec.replicas ?? 1,
      podSpec: spec.template?.spec,
    }));
    return [{ kind: kind.kind, metadata: parsed.data.metadata, replicas, status: parsed.data.status }];
  });
}

const jobSetSchema = z.object({
  metadata,
  spec: z.object({
    suspend: z.boolean().optional(),
    replicatedJobs: z
      .array(
        z.object({
          name: z.string(),
          replicas: z.number().int().nonnegative().default(1),
          template: z.object({
            spec: z.object({
              parallelism: z.number().int().nonnegative().optional(),
              template: z.object({ spec: podSpec.optional() }).optional(),
            }),
          }),
        }),
      )
      .default([]),
  }),
  status: z
    .object({ conditions: z.array(condition).default([]), restarts: z.number().int().nonnegative().default(0) })
    .optional(),
});

export type JobSet = z.infer<typeof jobSetSchema>;

export function parseJobSets(items: unknown): JobSet[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    const parsed = jobSetSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
