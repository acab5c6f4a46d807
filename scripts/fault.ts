// `npm run fault -- <kind> <target> [code]`: injects a fault into the running simulator and waits until the
// worker has applied it. `npm run fault -- targets` lists running jobs and nodes to aim at.
import os from 'node:os';
import pg from 'pg';
import { runningEmbeddedUrl } from '../lib/db/embedded';
import { parseEnv } from '../lib/env';
import {
  FAULT_DESCRIPTIONS,
  INJECTABLE_FAULTS,
  faultInjectionSchema,
} from '../lib/sources/sim-commands/injectable-faults';

function usage(): never {
  console.log('usage: npm run fault -- <kind> <target> [code]\n       npm run fault -- targets\n\nkinds:');
  for (const kind of INJECTABLE_FAULTS) console.log(`  ${kind.padEnd(12)} ${FAULT_DESCRIPTIONS[kind]}`);
  process.exit(2);
}

const config = parseEnv();
const url = config.DATABASE_URL ?? runningEmbeddedUrl(config.FLEET_DATA_DIR);
if (!url) {
  console.error('No running console found: start it with `npm start`, or set DATABASE_URL.');
  process.exit(1);
}
const [kind, target, code] = process.argv.slice(2);
if (!kind) usage();
const client = new pg.Client({ connectionString: url });
await client.connect();

try {
  if (kind === 'targets') {
    const jobs = await client.query(
      `SELECT external_id, name, kind, gpus_requested FROM job WHERE state = 'running' ORDER BY gpus_requested DESC LIMIT 10`,
    );
    console.log('running jobs:');
    for (const job of jobs.rows)
      console.log(`  ${job.external_id.padEnd(14)} ${job.name} (${job.kind}, ${job.gpus_requested} GPUs)`);
    const nodes = await client.query(`SELECT hostname, state FROM node ORDER BY hostname LIMIT 8`);
    console.log('nodes (first 8):');
    for (const node of nodes.rows) console.log(`  ${node.hostname.padEnd(14)} ${node.state}`);
  } else {
    const parsed = faultInjectionSchema.safeParse({
      kind,
      target,
      code: code === undefined ? undefined : Number(code),
    });
    if (!parsed.success) {
      console.error(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
      usage();
    }
    const requestedBy = `cli:${os.userInfo().username}`;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO sim_command (kind, params, requested_by) VALUES ('fault', $1, $2) RETURNING id`,
      [parsed.data, requestedBy],
    );
    await client.query(
      `INSERT INTO audit_event (actor_kind, actor_label, action, target_type, target_id, input, result, message)
       VALUES ('system', $1, 'simulator.fault', 'simulator', $2, $3, 'ok', $4)`,
      [requestedBy, parsed.data.target, parsed.data, `queued as command ${rows[0].id}`],
    );
    process.stdout.write(`queued command ${rows[0].id}; waiting for the worker…`);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const { rows: done } = await client.query('SELECT applied_at, result FROM sim_command WHERE id = $1', [
        rows[0].id,
      ]);
      if (done[0].applied_at) {
        console.log(`\n${done[0].result.ok ? 'applied' : 'refused'}: ${done[0].result.message}`);
        process.exitCode = done[0].result.ok ? 0 : 1;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    if (process.exitCode === undefined) console.log('\nnot applied within 60 s: is the worker running?');
  }
} finally {
  await client.end();
}
