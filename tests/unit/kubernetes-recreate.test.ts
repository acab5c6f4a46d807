import type { V1Job } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { customObjectForRecreate, jobForRecreate } from '@/lib/executors/kubernetes-recreate';

const UID = '3f1c0d7e-0000-4000-8000-000000000001';

const generated = {
  'batch.kubernetes.io/controller-uid': UID,
  'batch.kubernetes.io/job-name': 'train',
  'controller-uid': UID,
  'job-name': 'train',
};

function existingJob(manualSelector = false): V1Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'train',
      namespace: 'ml',
      uid: UID,
      resourceVersion: '12345',
      generation: 1,
      creationTimestamp: new Date('2026-10-01T00:00:00Z'),
      labels: { ...generated, 'fleet.io/team': 'nlp' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', note: 'keep' },
      managedFields: [{ manager: 'kubectl' }],
    },
    spec: {
      parallelism: 2,
      backoffLimit: 3,
      manualSelector,
      selector: { matchLabels: manualSelector ? { app: 'train' } : { 'batch.kubernetes.io/controller-uid': UID } },
      template: {
        metadata: { labels: manualSelector ? { app: 'train' } : { ...generated, app: 'train' } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'trainer:1' }] },
      },
    },
    status: { failed: 4, conditions: [{ type: 'Failed', status: 'True' }] },
  };
}

describe('recreating a Job', () => {
  it("drops what the server and the Job controller generated, and keeps the user's spec, labels and annotations", () => {
    expect(jobForRecreate(existingJob())).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'train', namespace: 'ml', labels: { 'fleet.io/team': 'nlp' }, annotations: { note: 'keep' } },
      spec: {
        parallelism: 2,
        backoffLimit: 3,
        manualSelector: false,
        selector: undefined,
        template: {
          metadata: { labels: { app: 'train' } },
          spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'trainer:1' }] },
        },
      },
    });
  });

  it('keeps a selector the user chose with manualSelector', () => {
    const job = jobForRecreate(existingJob(true));
    expect(job.spec?.selector).toEqual({ matchLabels: { app: 'train' } });
    expect(job.spec?.template.metadata?.labels).toEqual({ app: 'train' });
  });

  it('keeps only the user-written parts of a custom resource', () => {
    const object = {
      apiVersion: 'kubeflow.org/v1',
      kind: 'PyTorchJob',
      metadata: { name: 'ft', namespace: 'tuning', uid: UID, resourceVersion: '9', generation: 2, labels: { a: 'b' } },
      spec: { pytorchReplicaSpecs: { Master: { replicas: 1 } } },
      status: { conditions: [] },
    };
    expect(customObjectForRecreate(object)).toEqual({
      apiVersion: 'kubeflow.org/v1',
      kind: 'PyTorchJob',
      metadata: { name: 'ft', namespace: 'tuning', labels: { a: 'b' }, annotations: undefined },
      spec: { pytorchReplicaSpecs: { Master: { replicas: 1 } } },
    });
  });
});
