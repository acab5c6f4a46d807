// The receiver end to end with a real Alertmanager (Debian's package): alerts posted to Alertmanager's API reach the
// console's route through its webhook, with the bearer token from http_config; grouped alerts open one incident,
// Alertmanager's resends add nothing, and alerts posted again as ended resolve it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { freePort } from './free-port';
import { ServiceProcess } from './service-process';
import { serve, type Served } from './alertmanager-http';
import { buildIncidentFleet } from './incident-fixture';
import { failWhenMissing, notInstalled } from './installed';

const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';
const TOKEN = 'alertmanager-e2e-token-0123456789';
process.env.FLEET_ALERTMANAGER_TOKEN = TOKEN;
const { POST } = await import('@/app/api/alertmanager/route');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` answers something truthy; fails with `what` after 60 s. */
async function eventually<T>(what: string, check: () => Promise<T>): Promise<NonNullable<T>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Still waiting after 60 s for ${what}`);
    await sleep(250);
  }
}

/** Alertmanager on 127.0.0.1 with clustering off, grouping by alertname and resending every 2 s. */
class AlertmanagerProcess {
  private readonly process = new ServiceProcess('Alertmanager', ALERTMANAGER_BIN);
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-alertmanager-'));
  readonly url: string;

  constructor(
    readonly port: number,
    webhookUrl: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    writeFileSync(
      path.join(this.dir, 'alertmanager.yml'),
      [
        'route:',
        '  receiver: fleet-console',
        "  group_by: ['alertname']",
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 2s',
        'receivers:',
        '  - name: fleet-console',
        '    webhook_configs:',
        `      - url: '${webhookUrl}'`,
        '        send_resolved: true',
        '        http_config:',
        '          authorization:',
        '            type: Bearer',
        `            credentials: '${TOKEN}'`,
        '',
      ].join('\n'),
    );
  }

  start() {
    return this.process.start(
      [
        `--config.file=${path.join(this.dir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${this.port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { url: `${this.url}/-/ready` },
    );
  }

  /** Posts alerts to Alertmanager's own API, as Prometheus does. */
  async post(alerts: object[]) {
    const response = await fetch(`${this.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    if (!response.ok) throw new Error(`Alertmanager refused the alerts: ${response.status} ${await response.text()}`);
  }

  stop() {
    return this.process.stop();
  }
}

const NOT_INSTALLED = notInstalled({
  name: 'Alertmanager',
  bin: ALERTMANAGER_BIN,
  debianPackage: 'prometheus-alertmanager',
  variable: 'ALERTMANAGER_BIN',
});

failWhenMissing('the Alertmanager receiver', NOT_INSTALLED);

describe.skipIf(NOT_INSTALLED)('the Alertmanager receiver with a real Alertmanager', () => {
  let receiver: Served;
  let alertmanager: AlertmanagerProcess;
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const alerts = (endsAt: string) => [
    {
      labels: { alertname: 'GpuFellOffTheBus', severity: 'critical', Hostname: 'gpu-a-001', gpu: '3' },
      annotations: { summary: 'XID 79 on gpu-a-001 GPU 3', description: 'The GPU fell off the bus.' },
      startsAt,
      endsAt,
      generatorURL: 'http://prometheus:9090/graph',
    },
    {
      labels: { alertname: 'GpuFellOffTheBus', severity: 'critical', Hostname: 'gpu-a-002', gpu: '0' },
      annotations: { summary: 'XID 79 on gpu-a-002 GPU 0' },
      startsAt,
      endsAt,
    },
  ];

  beforeAll(async () => {
    await buildIncidentFleet(process.env.DATABASE_URL!);
    receiver = await serve(POST);
    alertmanager = new AlertmanagerProcess(await freePort(), `${receiver.url}/api/alertmanager`);
    await alertmanager.start();
  }, 60_000);

  afterAll(async () => {
    await alertmanager?.stop();
    await receiver?.close();
    if (alertmanager) rmSync(alertmanager.dir, { recursive: true, force: true });
  });

  it('opens one incident for the alerts Alertmanager grouped, with the token it was configured with', async () => {
    await alertmanager.post(alerts(new Date(Date.now() + 3_600_000).toISOString()));
    const incident = await eventually('an incident holding both alerts', async () => {
      const found = await db.incident.findFirst({ include: { events: { orderBy: { id: 'asc' } } } });
      return found && found.events.length >= 2 ? found : null;
    });
    expect(incident).toMatchObject({ source: 'alertmanager', severity: 'page', state: 'open', nodeId: 1 });
    expect(incident.title).toMatch(/^XID 79 on gpu-a-00[12] GPU [03]$/);
    expect(incident.events.map((event) => event.kind)).toEqual(['opened', 'signal']);
    expect(await db.incident.count()).toBe(1);
    expect(receiver.answers.every((answer) => answer.status === 200)).toBe(true);
  });

  it('adds nothing to the timeline when Alertmanager sends the unchanged group again', async () => {
    const before = receiver.answers.length;
    // repeat_interval is 2 s: Alertmanager resends the same notification.
    await eventually('two resends of the group', async () => receiver.answers.length >= before + 2);
    const incident = await db.incident.findFirstOrThrow({ include: { events: true } });
    expect(incident.events).toHaveLength(2);
    expect(receiver.answers.slice(before).map((answer) => JSON.parse(answer.body).data.unchanged)).toContain(2);
  });

  it('resolves the incident once the alerts are posted again as ended', async () => {
    await alertmanager.post(alerts(new Date(Date.now() - 1_000).toISOString()));
    const incident = await eventually('the incident to resolve', async () => {
      const found = await db.incident.findFirstOrThrow({ include: { events: { orderBy: { id: 'asc' } } } });
      return found.state === 'resolved' ? found : null;
    });
    expect(incident.resolvedAt).not.toBeNull();
    expect(incident.events.map((event) => event.kind)).toEqual(['opened', 'signal', 'signal', 'signal', 'resolved']);
    expect(await db.incident.count()).toBe(1);
    expect(receiver.answers.every((answer) => answer.status === 200)).toBe(true);
  });
});
