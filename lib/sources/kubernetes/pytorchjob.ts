// Kubeflow's PyTorchJob (kubeflow.org/v1, from the training operator). A custom resource comes back from the
// client as untyped JSON, so the fields the console reads are checked here and everything else is ignored.
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

export const pytorchJobSchema = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string().default('default'),
    uid: z.string().optional(),
    labels: z.record(z.string(), z.string()).default({}),
    creationTimestamp: z.string().optional(),
  }),
  spec: z.object({
    pytorchReplicaSpecs: z
      .record(
        z.string(),
        z.object({
          replicas: z.number().int().nonnegative().optional(),
          template: z.object({ spec: podSpec.optional() }).optional(),
        }),
      )
      .default({}),
  }),
  status: z
    .object({
      conditions: z.array(condition).default([]),
      startTime: z.string().optional(),
      completionTime: z.string().optional(),
    })
    .optional(),
});

export type PyTorchJob = z.infer<typeof pytorchJobSchema>;

export const PYTORCHJOB_API = { group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs' } as const;

/** Items of a PyTorchJob list that have the shape the console needs; others are skipped rather than failing all. */
export function parsePyTorchJobs(items: unknown): PyTorchJob[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    const parsed = pytorchJobSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
