// Rows of the summary for the console beside its peer (results/fleet-<gpus>.json), the weekly report at each size
// (report-<gpus>.json) and the storage layouts (storage-layouts.json), in summary.ts's columns.
/* eslint-disable @typescript-eslint/no-explicit-any -- reads back our own JSON, whatever version wrote it */

type Read = (name: string) => any;
type When = (result: any) => string;

export const FLEET_SIZES = ['1024', '8192', '32768'];
const n = (gpus: string) => Number(gpus).toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

/** Targets against the tuned peer: the console no slower (ratio at most 1), disk within 3x. */
const PEER_TARGETS: Record<string, { label: string; side: 'raw' | 'tuned'; at: string[] }> = {
  'fleet chart 24h': {
    label: 'fleet chart 24 h (utilization, allocation, health)',
    side: 'tuned',
    at: ['1024', '8192'],
  },
  'fleet chart 7d': { label: 'fleet chart 7 d', side: 'tuned', at: ['1024', '8192'] },
  'node 7d': { label: "a node's 8 GPUs over 7 d, four metrics", side: 'raw', at: ['1024', '8192'] },
  'fleet map now': { label: 'fleet map, every GPU now', side: 'raw', at: ['1024', '8192'] },
};

function peerRows(size: string, fleet: any, when: When): string[] {
  const rows: string[] = [];
  const days = fleet.dataSet.backfillDays;
  const label = `${n(size)} GPUs, ${days} d`;
  for (const [name, view] of Object.entries<any>(fleet.versus)) {
    const target = PEER_TARGETS[name];
    const peers = Object.entries<any>(view.peer)
      .map(
        ([side, peer]) =>
          `${view.ratio[side]} x Prometheus ${side} ${peer.medianMs} ms${
            view.consoleBeside ? ` (console ${view.consoleBeside[side].medianMs} ms beside it)` : ''
          }`,
      )
      .join('; ');
    const judged = target && target.at.includes(size) ? view.ratio[target.side] : null;
    rows.push(
      `| ${label}: ${target?.label ?? name}, console median | ${judged !== null ? `<= ${target.side} peer` : ''} | ${view.console.medianMs} ms | ${judged !== null ? verdict(judged <= 1) : ''} | ${peers} | ${when(fleet)} |`,
    );
    const profile = fleet.profile?.[name];
    if (profile) {
      rows.push(
        `| … where its time goes: the query function in process (its SQL direct), the route over HTTP | | ${profile.inProcess.medianMs} ms (${profile.sql.staged.medianMs} ms), ${profile.routeMs} ms | | JSON ${profile.json.bytes} B | ${when(fleet)} |`,
      );
    }
    // The fleet chart is kept until the rollup changes: the first request after a new minute works it out again.
    const computed = fleet.profile?.[`${name}, computed`];
    if (computed) {
      rows.push(
        `| … after a new minute: the points worked out again in process (their SQL direct) | | ${computed.inProcess.medianMs} ms (${computed.sql.staged.medianMs} ms) | | | ${when(fleet)} |`,
      );
    }
  }
  const disk = fleet.disk;
  rows.push(
    `| ${label}: disk per stored GPU-minute | <= 3 x peer | ${disk.console.bytesPerGpuMinute} B | ${verdict(disk.ratio <= 3)} | ${disk.ratio} x Prometheus ${disk.prometheus.bytesPerGpuMinute} B | ${when(fleet)} |`,
  );
  // The target is the 8,192-GPU minute's: at 1,024 GPUs the COPY is a few milliseconds and a minute's fixed work
  // (each job, each pool's rollup, the commit) is most of the step, so the ratio is shown without a verdict.
  const collect = fleet.collect;
  if (collect) {
    rows.push(
      `| ${label}: collect one minute live (whole step; the console's writes) | ${size === '8192' ? '<= 2 x COPY' : ''} | ${collect.liveMinute.medianMs} ms; ${collect.tablesMedianMs} ms | ${size === '8192' ? verdict(collect.ratioToBaseline <= 2) : ''} | ${collect.ratioToBaseline} x (${collect.tablesRatioToBaseline} x) COPY ${collect.baseline.intoGpuSample.medianMs} ms | ${when(fleet)} |`,
    );
  }
  return rows;
}

export function fleetRows(read: Read, when: When): string[] {
  const rows: string[] = [];
  for (const size of FLEET_SIZES) {
    const fleet = read(`fleet-${size}`);
    if (fleet) rows.push(...peerRows(size, fleet, when));
    const report = read(`report-${size}`);
    if (report && size !== '8192') {
      rows.push(
        `| weekly report, ${n(size)} GPUs / ${report.dataSet.jobsInWeek} jobs: generated, median | | ${report.generate.medianMs} ms | | ${report.generate.ratioToBaseline} x spendBetween ${report.generate.baseline.medianMs} ms | ${when(report)} |`,
      );
    }
  }
  const storage = read('storage-layouts');
  if (storage) {
    for (const [name, layout] of Object.entries<any>(storage.layouts)) {
      rows.push(
        `| storage layout ${name}: bytes per GPU-minute; node 6 h, job 6 h, hour rollup reads | | ${layout.bytesPerGpuMinute} B; ${layout.reads.node6h.medianMs}, ${layout.reads.job6h.medianMs}, ${layout.reads.hourRollup.medianMs} ms | | ${storage.ratios[name].bytesPerGpuMinute} x minute rows | ${when(storage)} |`,
      );
    }
  }
  return rows;
}

/** How cost grows with the fleet: one row per size, the console's figure and the peer's where it has one. */
export function scaleTable(read: Read, when: When): string[] {
  const lines = [
    '| GPUs (history) | overview page 24 h | fleet map: server (Prometheus, 4 queries) | fleet map in Chromium: drawn; recolour | node 7 d (Prometheus) | one minute collected (COPY) | weekly report | date, commit, load |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const size of FLEET_SIZES) {
    const fleet = read(`fleet-${size}`);
    const report = read(`report-${size}`);
    // Where the fleet run has no figure of its own, the benches that measure one part alone fill its cell.
    const mapRun = fleet?.fleetMap?.verdict ? null : read(`fleet-map-${size}`);
    const collectRun = fleet?.collect ? null : read(`collect-${size}`);
    if (!fleet && !report && !mapRun && !collectRun) continue;
    const collect = fleet?.collect ?? collectRun;
    const ms = (value: number | undefined | null) => (value === undefined || value === null ? '–' : `${value} ms`);
    const view = (name: string) => fleet?.versus[name];
    const peer = (name: string) => (view(name)?.peer.raw ? ` (${view(name).peer.raw.medianMs} ms)` : '');
    const verdictMap = fleet?.fleetMap?.verdict ?? mapRun?.verdict;
    const map = verdictMap
      ? `${verdictMap.firstDrawFresh.medianMs} ms; ${verdictMap.recolourTemperature.medianMs} ms`
      : '–';
    const node = view('node 7d') ?? view('node 24h');
    lines.push(
      `| ${n(size)} (${fleet ? `${fleet.dataSet.backfillDays} d` : '–'}) | ${ms(fleet?.overviewPage['24h']?.medianMs)} | ${ms(view('fleet map now')?.console.medianMs)}${peer('fleet map now')} | ${map} | ${ms(node?.console.medianMs)}${node ? peer(node === view('node 7d') ? 'node 7d' : 'node 24h') : ''} | ${ms(collect?.liveMinute.medianMs)} (${ms(collect?.baseline.intoGpuSample.medianMs)}) | ${ms(report?.generate.medianMs)} | ${[fleet, mapRun, collectRun, report].filter(Boolean).map(when).join('; ')} |`,
    );
  }
  return lines.length > 2 ? lines : [];
}
