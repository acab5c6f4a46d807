import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podsWait } from '@/lib/sources/kubernetes/map-wait';

const submittedAt = new Date('2026-11-25T10:00:00Z');
const since = new Date('2026-11-25T10:05:00Z');

/** A pod the scheduler could not place, as kube-scheduler leaves it. */
const unschedulable = (message: string): V1Pod => ({
  metadata: { name: 'train-0', namespace: 'ml' },
  status: {
    phase: 'Pending',
    conditions: [
      { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: since },
    ],
  },
});

describe('why a Kubernetes workload waits', () => {
  it('reads a lack of GPUs from the scheduler’s message, with its words and since when', () => {
    const message = '0/16 nodes are available: 16 Insufficient nvidia.com/gpu. preemption: 0/16 nodes are available.';
    expect(podsWait({ submittedAt }, [unschedulable(message)], false)).toEqual({
      reason: 'capacity',
      detail: message,
      position: null,
      since,
    });
  });

  it('blames cordoned nodes when most of the refusals are theirs', () => {
    const message = '0/16 nodes are available: 12 node(s) were unschedulable, 4 Insufficient nvidia.com/gpu.';
    expect(podsWait({ submittedAt }, [unschedulable(message)], false)?.reason).toBe('cordoned');
  });

  it('says a suspended workload with no pods waits for quota in its queue', () => {
    expect(podsWait({ submittedAt }, [], true)).toMatchObject({ reason: 'quota', since: submittedAt });
  });

  it('says nothing when no pod reports a scheduling problem', () => {
    expect(podsWait({ submittedAt }, [{ metadata: { name: 'p' }, status: { phase: 'Pending' } }], false)).toBeNull();
  });
});
