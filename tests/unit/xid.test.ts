// How recovery repairs a node after each fatal XID, as NVIDIA's XID catalog's immediate action says (DOMAIN.md
// "Automatic recovery": reboot or replace).
import { describe, expect, it } from 'vitest';
import { FATAL_XIDS, repairFor, XID_IMMEDIATE_ACTION } from '@/lib/domain/xid';

const xid = (code: number) => ({ kind: 'xid', code });

describe('repairing a node after a fatal XID', () => {
  it('follows the catalog row of each fatal XID: a reset or a machine restart, both a reboot here', () => {
    // The catalog's "Resolution Bucket (Immediate Action)": 74 a workflow (reset for a one-off NVLink error),
    // 79 RESTART_BM, 95, 119 and 120 RESET_GPU.
    expect(
      [74, 79, 95, 119, 120].map((code) => [code, XID_IMMEDIATE_ACTION[code as 74], repairFor(xid(code))]),
    ).toEqual([
      [74, 'WORKFLOW_NVLINK_ERR', 'reset'],
      [79, 'RESTART_BM', 'reboot'],
      [95, 'RESET_GPU', 'reset'],
      [119, 'RESET_GPU', 'reset'],
      [120, 'RESET_GPU', 'reset'],
    ]);
  });

  it('replaces at once only a row-remapping failure (XID 64 or its own fault); every fatal XID has a catalog row', () => {
    expect(repairFor(xid(64))).toBe('replace');
    expect(repairFor({ kind: 'row_remap', code: null })).toBe('replace');
    expect(FATAL_XIDS.filter((code) => repairFor(xid(code)) === 'replace')).toEqual([64]);
    expect(Object.keys(XID_IMMEDIATE_ACTION).map(Number)).toEqual([...FATAL_XIDS].sort((a, b) => a - b));
    // A node lost (no XID) is rebooted first.
    expect(repairFor({ kind: 'node_lost', code: null })).toBe('reboot');
  });
});
