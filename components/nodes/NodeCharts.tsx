'use client';

// A node's GPUs over the range, one line per GPU, in four small charts that share the time axis, with its faults
// and the actions asked of it marked on each (named by the markers above the first). A drag across any zooms.
import { MultiLineChart } from '@/components/charts/MultiLineChart';
import type { NodeDetail } from '@/lib/queries/nodes/types';
import { nodeMarks } from './node-marks';

export function NodeCharts({ node }: { node: NodeDetail }) {
  const from = Date.parse(node.range.from);
  const to = Date.parse(node.range.to);
  const common = {
    t: node.series.t,
    from,
    to,
    bucketSeconds: node.series.bucketSeconds,
    timeZone: node.timeZone,
    zoomable: true,
    marks: nodeMarks(node),
  };
  const lines = (values: (number | null)[][]) =>
    node.gpus.map((gpu, g) => ({ key: `gpu${gpu.index}`, label: `GPU ${gpu.index}`, values: values[g] }));
  const memoryGib = Math.max(...node.gpus.map((gpu) => gpu.memoryMib / 1024), 1);
  return (
    <div className="grid-2" data-testid="node-charts">
      <MultiLineChart
        {...common}
        title="Utilization"
        series={lines(node.series.util)}
        format={(v) => `${Math.round(v)}%`}
        domain={[0, 100]}
      />
      <MultiLineChart
        {...common}
        title="Memory used"
        markers={false}
        series={lines(node.series.fbUsedGib)}
        format={(v) => `${Math.round(v)} GiB`}
        domain={[0, Math.ceil(memoryGib)]}
      />
      <MultiLineChart
        {...common}
        title="Power"
        markers={false}
        series={lines(node.series.powerW)}
        format={(v) => `${Math.round(v)} W`}
      />
      <MultiLineChart
        {...common}
        title="Temperature"
        markers={false}
        series={lines(node.series.tempC)}
        format={(v) => `${Math.round(v)} °C`}
      />
    </div>
  );
}
