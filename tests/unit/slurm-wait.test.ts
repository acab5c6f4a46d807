import { describe, expect, it } from 'vitest';
import { slurmWait } from '@/lib/sources/slurm/wait';

const submitTime = new Date('2026-11-25T10:00:00Z');
const eligibleTime = new Date('2026-11-25T10:02:00Z');
const pending = (stateReason: string, stateDescription = '') => ({
  state: ['PENDING'],
  stateReason,
  stateDescription,
  submitTime,
  eligibleTime,
});

describe('why a pending Slurm job waits', () => {
  it('maps slurmctld’s reason codes to the console’s reasons, since the job became eligible', () => {
    expect(slurmWait(pending('Resources'))).toEqual({
      reason: 'capacity',
      detail: 'Resources',
      position: null,
      since: eligibleTime,
    });
    expect(slurmWait(pending('Priority'))?.reason).toBe('priority');
    expect(slurmWait(pending('QOSMaxGRESPerUser'))?.reason).toBe('quota');
    expect(slurmWait(pending('AssocGrpGRES'))?.reason).toBe('quota');
    expect(slurmWait(pending('ReqNodeNotAvail', 'UnavailableNodes:gpu[3-4]'))).toMatchObject({
      reason: 'cordoned',
      detail: 'ReqNodeNotAvail: UnavailableNodes:gpu[3-4]',
    });
    expect(slurmWait(pending('Dependency'))?.reason).toBe('dependency');
    expect(slurmWait(pending('SomethingNew'))?.reason).toBe('other');
  });

  it('says nothing of a job that is not pending', () => {
    expect(slurmWait({ ...pending('None'), state: ['RUNNING'] })).toBeNull();
  });
});
