/**
 * V8 flags for a process that collects: the worker, and the benchmarks that time its steps in their own process.
 * A step allocates its minute's readings, rows and COPY text (tens of MB at 8,192 GPUs) and drops them at its
 * commit. V8's young generation, at most 16 MB a semi-space and shrunk while the worker idles between steps, held
 * too little of that: each step promoted much of its batch and paid for it in scavenges and mark-compacts. Kept at
 * 64 MB, live steps of 8,192 GPUs one minute apart took 151 ms against 177 (medians of 8; 64 MB at most but free to
 * shrink: 171 ms). The cost is the young generation's 128 MB of memory.
 */
export const WORKER_V8_FLAGS = ['--min-semi-space-size=64', '--max-semi-space-size=64'];

/** node's arguments for the worker process, from the repository root (`npm run worker` spells out the same). */
export const WORKER_NODE_ARGS = [
  ...WORKER_V8_FLAGS,
  '--conditions=react-server',
  '--import',
  'tsx',
  'lib/worker/main.ts',
];
