// A simulated fleet served as dcgm-exporter serves it, live, in a process of its own (so that rendering 8,192
// GPUs' exposition every minute does not share a core with what a bench times): `node --import tsx
// bench/lib/sim-exporter.ts <port> <seed> <nodes>`. Prints "ready <url>" once /metrics answers.
import { newSimulator } from '../../lib/worker/simulator-session';
import { LatestReadings, runLive, startExporterServer } from '../../lib/sources/simulator/exporter-server';

const [port, seed, nodes] = process.argv.slice(2).map(Number);
// Begun a minute ago, so that it has readings to serve at once; ticked every 15 s, as the worker does.
const simulator = newSimulator({ seed, nodes, backfillDays: 0 }, Date.now() - 60_000);
const readings = new LatestReadings(simulator.topologySync());
runLive(simulator, readings, 15_000);
const server = await startExporterServer(() => readings.render(), { host: '127.0.0.1', port });
console.log(`ready ${server.url}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
