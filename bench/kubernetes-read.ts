// `npm run bench -- kubernetes-read`: a read of a large cluster by the Kubernetes source, as the collector makes
// one at every step: 1,024 GPU nodes and 10,000 pods (bench/lib/kubernetes-cluster.ts), served by the fake API
// server in a process of its own over TLS, paged 500 at a time as the API server pages, while it changes 20 pods
// a second. Two figures: the first step (a cold source: every collection listed, then its watch started) and the
// steady step (every collection read from the cache its watch keeps). Target: the steady step < 2 s.
// Baseline, in the same run: the same lists, paged alike over the same kind of connection, fetched and
// JSON.parse'd and nothing else (what any client pays before it has read a field, and what a source that lists
// at every step pays at least).
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { createKubernetesApis, KubernetesSource } from '../lib/sources/kubernetes';
import { loadAverage, repoRoot, writeResult } from './lib/machine';
import { onInterrupt, signalGroup, start } from './lib/processes';
import { ratio, round, summarize, timeRuns } from './lib/stats';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const TARGET_MS = 2_000;
const RUNS = 7;
/** Collections the steady step must find followed by a watch (the custom kinds this cluster serves too). */
const WATCHED = ['nodes', 'pods', 'jobs', 'deployments', 'statefulSets', 'pytorchjobs'];

/** The lists the source reads (the kinds this cluster serves; the others answer 404 once and are not asked again). */
const LISTS = [
  '/api/v1/nodes',
  `/api/v1/pods?fieldSelector=${encodeURIComponent('status.phase!=Succeeded,status.phase!=Failed')}`,
  '/apis/batch/v1/jobs',
  '/apis/apps/v1/deployments',
  '/apis/apps/v1/statefulsets',
  '/apis/jobset.x-k8s.io/v1alpha2/jobsets',
  '/apis/kubeflow.org/v1/pytorchjobs',
  '/apis/kubeflow.org/v1/tfjobs',
];

interface Served {
  url: string;
  changesPerSecond: number;
  caFile: string;
  token: string;
  nodes: number;
  pods: number;
  gpusHeld: number;
}

/** Every page of a list, fetched and parsed; returns the items and the bytes read. */
async function fetchAll(served: Served, agent: https.Agent, list: string) {
  let items = 0;
  let bytes = 0;
  let cont: string | undefined;
  do {
    const sep = list.includes('?') ? '&' : '?';
    const url = `${served.url}${list}${sep}limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
    const text = await new Promise<string>((resolve, reject) => {
      https
        .get(
          url,
          { agent, headers: { authorization: `Bearer ${served.token}`, accept: 'application/json' } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
            res.on('error', reject);
          },
        )
        .on('error', reject);
    });
    bytes += Buffer.byteLength(text);
    const body = JSON.parse(text) as { items: unknown[]; metadata?: { continue?: string } };
    items += body.items.length;
    cont = body.metadata?.continue || undefined;
  } while (cont);
  return { items, bytes };
}

async function main() {
  const loadBefore = loadAverage();
  const server = start(process.execPath, ['--import', 'tsx', 'bench/lib/kubernetes-cluster.ts'], { cwd: repoRoot });
  onInterrupt(() => void signalGroup(server.child, 'SIGINT'));
  try {
    await server.waitForLine(/^\{"url"/, 180_000);
    const served = JSON.parse(server.lines.find((line) => line.text.startsWith('{"url"'))!.text) as Served;
    console.log(`[bench] the fake serves ${served.nodes} nodes and ${served.pods} pods at ${served.url}`);

    const apis = () =>
      createKubernetesApis({
        mode: 'url',
        server: served.url,
        token: served.token,
        caFile: served.caFile,
        insecureSkipTlsVerify: false,
      });
    const fresh = () => new KubernetesSource(apis(), { clusterName: 'bench', timeoutMs: 120_000 });

    // The first step: a new source each time, which lists everything and starts its watches.
    const cold = await timeRuns(
      RUNS,
      async () => {
        const source = fresh();
        try {
          await source.read();
        } finally {
          source.close();
        }
      },
      1,
    );

    // The steady step: one source, its watches following, read as the collector reads it at each step.
    const source = fresh();
    const snapshot = await source.read();
    const following = () => {
      const health = source.watchHealth();
      return health.down.length === 0 && WATCHED.every((c) => health.following.includes(c));
    };
    for (const deadline = Date.now() + 60_000; !following(); await sleep(100))
      if (Date.now() > deadline) throw new Error(`the watches did not start: ${JSON.stringify(source.watchHealth())}`);
    // A step every second, the cluster changing between them; each timed from the read's start to its end.
    const samples: number[] = [];
    let steadyReadsFromCache = 0;
    for (let i = 0; i < RUNS; i++) {
      await sleep(1_000);
      if (following()) steadyReadsFromCache += 1;
      const t0 = performance.now();
      await source.read();
      samples.push(performance.now() - t0);
    }
    const steady = summarize(samples);
    source.close();

    const agent = new https.Agent({ keepAlive: true, ca: readFileSync(served.caFile) });
    const fetched = await Promise.all(LISTS.map((list) => fetchAll(served, agent, list)));
    const baseline = await timeRuns(RUNS, () => Promise.all(LISTS.map((list) => fetchAll(served, agent, list))), 1);
    agent.destroy();

    const gpus = snapshot.topology.nodes.reduce((sum, node) => sum + node.gpus.length, 0);
    const largest = [...snapshot.jobs].sort((a, b) => b.gpusRequested - a.gpusRequested)[0];
    const result = {
      target: `a step's read of ${served.nodes} nodes and ${served.pods} pods by the Kubernetes source under ${TARGET_MS} ms`,
      targetMs: TARGET_MS,
      dataSet: {
        nodes: served.nodes,
        pods: served.pods,
        gpus,
        gpusHeld: served.gpusHeld,
        podChangesPerSecond: served.changesPerSecond,
        lists: LISTS.length,
        pages: fetched.reduce((sum, list) => sum + Math.ceil(list.items / 500), 0),
        bytes: fetched.reduce((sum, list) => sum + list.bytes, 0),
        read: {
          nodes: snapshot.nodes.length,
          jobs: snapshot.jobs.length,
          claims: snapshot.claims.length,
          largestJob: largest ? `${largest.externalId}: ${largest.gpusRequested} GPUs` : null,
        },
      },
      baseline: 'the same lists, paged alike over one keep-alive TLS connection each, fetched and JSON.parse d',
      firstStep: cold,
      steadyStep: steady,
      steadyReadsFromCache: `${steadyReadsFromCache} of ${RUNS}`,
      fetchAndParse: baseline,
      ratio: {
        firstStepToBaseline: ratio(cold.medianMs, baseline.medianMs),
        steadyStepToBaseline: ratio(steady.medianMs, baseline.medianMs),
      },
      verdict: {
        meetsTarget: steady.medianMs < TARGET_MS && steadyReadsFromCache === RUNS,
        medianMs: steady.medianMs,
      },
    };
    console.log(
      `[bench] kubernetes read: first step median ${cold.medianMs} ms (p95 ${cold.p95Ms}); steady step median ` +
        `${steady.medianMs} ms (p95 ${steady.p95Ms}), ${result.steadyReadsFromCache} from the watched cache; ` +
        `fetch and parse alone ${baseline.medianMs} ms; ${round(result.dataSet.bytes / 2 ** 20)} MiB in ` +
        `${result.dataSet.pages} pages; ${snapshot.jobs.length} jobs, ${snapshot.claims.length} claims`,
    );
    writeResult('kubernetes-read', result, loadBefore);
    if (!result.verdict.meetsTarget) {
      console.error(
        `[bench] kubernetes-read missed its target: steady step ${steady.medianMs} ms (target < ${TARGET_MS} ms), ` +
          `${result.steadyReadsFromCache} reads from the cache`,
      );
      process.exitCode = 1;
    }
  } finally {
    signalGroup(server.child, 'SIGINT');
    await server.exited;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
