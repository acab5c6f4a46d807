// One job drawn from one JobDetail: header and why, KPI tiles, its GPUs over time with the per-node heat strip,
// the timeline, its nodes and their faults. No fetching here, so tests and stories can drive it with data.
import { RecentActions } from '@/components/actions';
import { RecoverySection } from '@/components/recovery/RecoverySection';
import { Card } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import type { JobDetail } from '@/lib/queries/jobs/types';
import { HeatStrip } from './HeatStrip';
import { JobHeader } from './JobHeader';
import { JobKpis } from './JobKpis';
import { JobLedger } from './JobLedger';
import { JobRun } from './JobRun';
import { JobFaults, JobNodes } from './JobNodes';
import { JobTimeline } from './JobTimeline';
import { jobMarks } from './job-marks';
import { JobUtilChart } from './JobUtilChart';
import { rangeLabel } from '@/components/time-range/range-label';

function chartDescription(data: JobDetail): string {
  const { series } = data;
  const gpus = series.nodes.reduce((sum, node) => sum + node.gpus, 0);
  const resolution =
    series.resolution === 'hourly'
      ? `hourly means${series.bucketSeconds > 3600 ? `, ${series.bucketSeconds / 3600} h a point` : ''}`
      : `${series.bucketSeconds / 60}-minute means${series.hourlyFallback ? ', hourly where minute samples have aged out' : ''}`;
  return `${formatCount(gpus)} GPU${gpus === 1 ? '' : 's'} on ${formatCount(series.nodes.length)} node${series.nodes.length === 1 ? '' : 's'} over ${rangeLabel(data.range, data.timeZone)}: ${resolution}`;
}

export function JobView({ data, now, canAct }: { data: JobDetail; now: number; canAct: boolean }) {
  const from = Date.parse(data.range.from);
  const to = Date.parse(data.range.to);
  const flaggedGpus = data.evaluation?.gpus.map((gpu) => gpu.gpuId) ?? [];
  const flaggedNodes = [...new Set(data.evaluation?.gpus.map((gpu) => gpu.nodeId) ?? [])];
  const { counts } = data.timeline;
  return (
    <>
      <JobHeader data={data} now={now} canAct={canAct} />
      <JobKpis data={data} />
      <RecentActions target={{ type: 'job', id: data.job.id, label: data.job.name }} />
      <Card title="GPU utilization" description={chartDescription(data)}>
        <JobUtilChart
          series={data.series}
          from={from}
          to={to}
          timeZone={data.timeZone}
          flagged={flaggedGpus}
          marks={jobMarks(data.timeline)}
        />
        <HeatStrip series={data.series} from={from} to={to} timeZone={data.timeZone} flaggedNodes={flaggedNodes} />
      </Card>
      <JobLedger data={data} />
      {data.lineage && <JobRun data={data} lineage={data.lineage} />}
      <Card
        title="Timeline"
        description={`${formatCount(counts.events)} events, ${formatCount(counts.checkpoints)} checkpoints and ${formatCount(counts.restarts)} restarts in ${rangeLabel(data.range, data.timeZone)}`}
      >
        <JobTimeline timeline={data.timeline} from={from} to={to} timeZone={data.timeZone} />
      </Card>
      <Card title="Nodes" description="The nodes it spans in the range, and their state now" flush>
        <JobNodes nodes={data.nodes} flaggedNodes={flaggedNodes} />
      </Card>
      <Card
        title="Faults on its nodes"
        description={
          data.faults.total > data.faults.rows.length
            ? `The newest ${data.faults.rows.length} of ${formatCount(data.faults.total)} in the range`
            : `${formatCount(data.faults.total)} in the range`
        }
        flush
      >
        <JobFaults faults={data.faults} timeZone={data.timeZone} />
      </Card>
      <RecoverySection jobId={data.job.id} />
    </>
  );
}
