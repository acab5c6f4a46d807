// One evaluation time of a reading table as the console's records: a sample per GPU that reported, and the
// faults that began then (a new XID, ECC double-bit errors, remapped rows, a throttling episode). Pure: what it
// must remember of the previous time per GPU lives in `memo`, which the caller keeps.
import { isFatalXid, xidInfo } from '@/lib/domain/xid';
import type { FaultRecord, GpuSampleRecord } from '@/lib/sources/types';
import type { GpuIdentity } from './labels';
import type { ReadingTable } from './table';

/** What a GPU read at the previous time, to tell new events from a gauge that still holds an old one. */
export interface GpuMemo {
  xid: number;
  throttled: boolean;
  remapFailed: boolean;
}

export interface MinuteReading {
  samples: GpuSampleRecord[];
  faults: FaultRecord[];
  /** The GPUs that reported, by UUID. */
  present: Map<string, GpuIdentity>;
}

/** Clock-event bits that slow a GPU down for hardware reasons: HW slowdown, SW and HW thermal, HW power brake. */
export const THROTTLE_MASK = 0x08 | 0x20 | 0x40 | 0x80;
const THERMAL_MASK = 0x20 | 0x40;
const SMALLINT_MAX = 32_767;

const finiteOr = <T>(value: number, fallback: T) => (Number.isFinite(value) ? value : fallback);
const count = (value: number) => Math.min(SMALLINT_MAX, Math.max(0, Math.round(finiteOr(value, 0))));

/**
 * Reads time i of the table. A sample stands for the period of `periodMs` that ends at that time, its ts. Metrics
 * a GPU does not export read as null (profiling ratios, memory free and reserved) or 0 (counters and gauges that
 * dcgm-exporter's default counters always include).
 */
export function readMinute(table: ReadingTable, i: number, memo: Map<string, GpuMemo>): MinuteReading {
  const at = new Date(table.times[i]);
  const samples: GpuSampleRecord[] = [];
  const faults: FaultRecord[] = [];
  const present = new Map<string, GpuIdentity>();
  const { values, identity } = table;
  const width = table.times.length;
  for (const [uuid, row] of table.rows) {
    const k = row * width + i;
    const id = identity[k];
    const utilization = values.util[k];
    if (!id || !Number.isFinite(utilization)) continue;
    present.set(uuid, id);
    const before = memo.get(uuid) ?? { xid: 0, throttled: false, remapFailed: false };

    const lastXid = Math.round(finiteOr(values.xid[k], 0));
    // The XID gauge keeps its last value: only a change is a new error.
    const xid = lastXid !== 0 && lastXid !== before.xid ? lastXid : 0;
    const bits = finiteOr(values.clockEvents[k], 0);
    const throttled = (bits & THROTTLE_MASK) !== 0;
    const remapFailed = finiteOr(values.remapFailure[k], 0) >= 1;
    const tempC = finiteOr(values.temp[k], 0);
    const eccDbe = count(values.eccDbe[k]);
    const remapped = count(values.remappedRows[k]);
    memo.set(uuid, { xid: lastXid, throttled, remapFailed });

    samples.push({
      uuid,
      ts: at,
      util: Math.min(100, Math.max(0, utilization)),
      smActive: finiteOr(values.smActive[k], null),
      tensorActive: finiteOr(values.tensorActive[k], null),
      fbUsedMib: finiteOr(values.fbUsed[k], 0),
      fbFreeMib: finiteOr(values.fbFree[k], null),
      fbReservedMib: finiteOr(values.fbReserved[k], null),
      powerW: finiteOr(values.power[k], 0),
      tempC,
      xid,
      eccSbe: count(values.eccSbe[k]),
      eccDbe,
      throttled,
      jobExternalId: id.jobExternalId,
    });

    const fault = (kind: FaultRecord['kind'], code: number | null, fatal: boolean, message: string) =>
      faults.push({ hostname: id.hostname, gpuUuid: uuid, at, kind, code, fatal, message });
    if (xid) fault('xid', xid, isFatalXid(xid), `XID ${xid}: ${xidInfo(xid).meaning}`);
    if (eccDbe) fault('ecc_dbe', null, true, `${eccDbe} uncorrectable (double-bit) ECC error(s)`);
    if (remapped) fault('row_remap', null, false, `${remapped} row(s) remapped after uncorrectable errors`);
    if (remapFailed && !before.remapFailed) fault('row_remap', null, true, 'Row remapping failed: replace the GPU');
    if (throttled && !before.throttled) {
      const thermal = (bits & THERMAL_MASK) !== 0;
      fault(
        thermal ? 'thermal' : 'power',
        null,
        false,
        thermal ? `Thermal slowdown at ${Math.round(tempC)} °C: clocks reduced` : 'Hardware slowdown: clocks reduced',
      );
    }
  }
  return { samples, faults, present };
}
