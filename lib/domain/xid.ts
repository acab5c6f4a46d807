// NVIDIA XID errors: what each code means (NVIDIA's XID catalog) and how Fleet Console treats it (DOMAIN.md).
export type XidSeverity = 'fatal' | 'warning' | 'info';

export interface XidInfo {
  code: number;
  meaning: string;
  severity: XidSeverity;
  /** What an operator usually does about it. */
  action: string;
}

/** Fatal: the GPU (and so its node) is unhealthy until reset or repair. */
export const FATAL_XIDS: readonly number[] = [48, 64, 74, 79, 94, 95, 119, 120];
/** Warnings: logged and counted; a rising count is a signal. */
export const WARNING_XIDS: readonly number[] = [13, 31, 43, 45, 63, 92];

const CATALOG: Record<number, Omit<XidInfo, 'code' | 'severity'>> = {
  13: {
    meaning: 'Graphics engine exception',
    action: 'Usually an application error; check the job’s code and CUDA version.',
  },
  31: { meaning: 'GPU memory page fault', action: 'Usually an illegal memory access by the application.' },
  43: {
    meaning: 'GPU stopped processing',
    action: 'The application hit a software-induced fault; the GPU stays usable.',
  },
  45: {
    meaning: 'Preemptive cleanup, due to previous errors',
    action: 'Follows another error or a killed process; look at the XID before it.',
  },
  48: {
    meaning: 'Double-bit ECC error',
    action: 'Uncorrectable memory error: drain the node and reset the GPU; replace it if it repeats.',
  },
  63: {
    meaning: 'ECC page retirement or row remapping recorded',
    action: 'Memory rows were remapped; reset the GPU at the next drain.',
  },
  64: {
    meaning: 'ECC page retirement or row remapper recording failure',
    action: 'Remapping failed: drain the node and replace the GPU.',
  },
  74: { meaning: 'NVLink error', action: 'Check NVLink cabling and the GPU; reset, and replace if it repeats.' },
  79: {
    meaning: 'GPU has fallen off the bus',
    action: 'The GPU is unreachable: drain and reboot the node; replace it if it repeats.',
  },
  92: { meaning: 'High single-bit ECC error rate', action: 'Watch the count; plan a reset or replacement.' },
  94: { meaning: 'Contained ECC error', action: 'The affected process was stopped; reset the GPU to clear it.' },
  95: {
    meaning: 'Uncontained ECC error',
    action: 'All processes on the GPU are affected: drain the node and reset the GPU.',
  },
  119: { meaning: 'GSP RPC timeout', action: 'The GPU System Processor stopped answering: drain and reset the GPU.' },
  120: { meaning: 'GSP error', action: 'The GPU System Processor failed: drain and reset the GPU.' },
};

export function xidSeverity(code: number): XidSeverity {
  if (FATAL_XIDS.includes(code)) return 'fatal';
  if (WARNING_XIDS.includes(code)) return 'warning';
  return 'info';
}

export function isFatalXid(code: number): boolean {
  return FATAL_XIDS.includes(code);
}

/**
 * NVIDIA's XID catalog ("Analyzing Xid Errors with the Xid Catalog", its "Resolution Bucket (Immediate Action)"
 * column) for the fatal XIDs: RESET_GPU (reset the GPU), RESTART_BM (restart the machine), RESTART_APP (restart
 * the application), and the two workflows: WORKFLOW_XID_48 (a double-bit ECC error: reset the GPU so its row is
 * remapped) and WORKFLOW_NVLINK_ERR (decode the NVLink error: reset for a one-off, service when it repeats).
 */
export const XID_IMMEDIATE_ACTION = {
  48: 'WORKFLOW_XID_48',
  64: 'RESET_GPU',
  74: 'WORKFLOW_NVLINK_ERR',
  79: 'RESTART_BM',
  94: 'RESTART_APP',
  95: 'RESET_GPU',
  119: 'RESET_GPU',
  120: 'RESET_GPU',
} as const satisfies Record<(typeof FATAL_XIDS)[number], string>;

/**
 * How recovery repairs a node after a fatal fault, from the catalog's immediate action: `reset` (a GPU reset, which
 * the executors carry out as a reboot of its node: none of them resets one GPU), `reboot`, or `replace` at once.
 * Only a row-remapping failure (its own fault, or XID 64, whose immediate action is a reset but which NVIDIA's GPU
 * memory error management guide sends to its RMA thresholds: no reset gives the bank its spare rows back) is
 * replaced at once; any other fault is replaced only when it repeats (DOMAIN.md "Automatic recovery").
 */
export type NodeRepair = 'reset' | 'reboot' | 'replace';

export function repairFor(fault: { kind: string; code: number | null }): NodeRepair {
  if (fault.kind === 'row_remap') return 'replace';
  if (fault.kind !== 'xid' || fault.code === null) return 'reboot';
  if (fault.code === 64) return 'replace';
  const action: string | undefined = XID_IMMEDIATE_ACTION[fault.code as keyof typeof XID_IMMEDIATE_ACTION];
  return action === 'RESTART_BM' || action === undefined ? 'reboot' : 'reset';
}

export function xidInfo(code: number): XidInfo {
  const known = CATALOG[code];
  return {
    code,
    severity: xidSeverity(code),
    meaning: known?.meaning ?? `XID ${code}`,
    action: known?.action ?? 'See NVIDIA’s XID catalog for this code.',
  };
}
