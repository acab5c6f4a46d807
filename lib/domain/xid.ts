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
 * XIDs whose fault a reboot rarely fixes: recovery replaces the node at once (DOMAIN.md "Automatic recovery").
 * 64: the GPU could not retire a page or remap a row; NVIDIA's memory error management guide treats a row-remapping
 * failure as a condition for returning the GPU (RMA), which no reset or reboot undoes.
 */
export const REPLACE_AT_ONCE_XIDS: readonly number[] = [64];

/** Whether a fatal fault (its kind, and the XID for kind xid) is one a reboot rarely fixes. */
export function rebootRarelyFixes(fault: { kind: string; code: number | null }): boolean {
  if (fault.kind === 'row_remap') return true;
  return fault.kind === 'xid' && fault.code !== null && REPLACE_AT_ONCE_XIDS.includes(fault.code);
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
