// The clusters file (FLEET_CLUSTERS_FILE), e.g. fleet.clusters.yaml:
//
//   clusters:
//     - name: train-us-east
//       region: us-east-1
//       source: kubernetes            # simulator | prometheus | kubernetes | slurm
//       executor: kubernetes          # optional: the source's own by default
//       kubernetes: { apiUrl: https://k8s.train.example.com:6443, token: "${TRAIN_K8S_TOKEN}" }
//       prometheus: { url: http://prometheus.train.example.com:9090, stepSeconds: 15 }
//
// Each section's keys are the environment variables of that section in camelCase (prometheus.bearerToken is
// PROMETHEUS_BEARER_TOKEN, simulator.seed is FLEET_SIM_SEED), validated by the same schema, so docs/configuration.md
// describes both. "${NAME}" in a value reads an environment variable, so secrets stay out of the file. Every problem
// is reported with its line.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { ENV_VARIABLES, EnvError, safeParseEnv, type EnvIssue } from '@/lib/env';
import type { ClusterConfig } from './config';

const SECTIONS: Record<string, string> = {
  simulator: 'FLEET_SIM_',
  prometheus: 'PROMETHEUS_',
  kubernetes: 'KUBERNETES_',
  slurm: 'SLURM_',
};
/** Keys whose variable does not follow the section's prefix. */
const SPECIAL: Record<string, string> = { 'kubernetes.kubeconfig': 'KUBECONFIG' };
const TOP_LEVEL: Record<string, string> = { source: 'FLEET_SOURCE', executor: 'FLEET_EXECUTOR' };
const NAME = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;

/** The variables a cluster's sections may set. */
const KNOWN_VARIABLES: ReadonlySet<string> = new Set(ENV_VARIABLES);

const snake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

interface Problem {
  line: number | null;
  where: string;
  message: string;
}

export function clustersFromYaml(
  text: string,
  fileName: string,
  base: Record<string, string | undefined>,
): ClusterConfig[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const problems: Problem[] = [];
  const lineOf = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : null);
  const fail = (node: Node | null | undefined, where: string, message: string) =>
    problems.push({ line: lineOf(node), where, message });

  for (const error of doc.errors) {
    problems.push({ line: error.linePos?.[0].line ?? null, where: 'YAML', message: error.message.split('\n')[0] });
  }
  const clusters: ClusterConfig[] = [];
  const list = problems.length ? null : isMap(doc.contents) ? doc.contents.get('clusters', true) : null;
  if (!problems.length && !isSeq(list)) {
    fail(doc.contents, 'clusters', 'the file must hold `clusters:`, a list of clusters');
  }
  const seen = new Map<string, number | null>();
  for (const [i, item] of (isSeq(list) ? list.items : []).entries()) {
    const where = `clusters[${i}]`;
    if (!isMap(item)) {
      fail(item as Node, where, 'each cluster is a map with name, source and its settings');
      continue;
    }
    const nameNode = item.get('name', true);
    const name = isScalar(nameNode) ? String(nameNode.value) : null;
    if (name !== null && seen.has(name)) {
      fail(nameNode as Node, `${where}.name`, `"${name}" is also the name of the cluster on line ${seen.get(name)}`);
      continue;
    }
    if (name !== null) seen.set(name, lineOf(nameNode as Node));
    const cluster = readCluster(item as YAMLMap, where, base, fail);
    if (cluster) clusters.push(cluster);
  }
  if (!problems.length && !clusters.length) fail(list as Node, 'clusters', 'the list holds no cluster');
  if (problems.length) {
    const lines = problems.map((p) => `  ${fileName}${p.line ? `:${p.line}` : ''}: ${p.where}: ${p.message}`);
    throw new EnvError(`Invalid clusters file:\n${lines.join('\n')}`);
  }
  return clusters;
}

function readCluster(
  item: YAMLMap,
  where: string,
  base: Record<string, string | undefined>,
  fail: (node: Node | null | undefined, where: string, message: string) => void,
): ClusterConfig | null {
  let name: string | null = null;
  let region: string | null = null;
  const vars: Record<string, string | undefined> = { ...base };
  /** Where each variable was set, to name the line of a value the schema refuses. */
  const origin = new Map<string, { node: Node; where: string }>();
  let ok = true;
  const bad = (node: Node | null | undefined, at: string, message: string) => {
    ok = false;
    fail(node, at, message);
  };

  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    const at = `${where}.${key}`;
    if (key === 'name' || key === 'region') {
      const text = isScalar(value) ? String(value.value ?? '') : '';
      if (key === 'name' && !NAME.test(text)) {
        bad(value ?? (pair.key as Node), at, 'must be 1 to 63 lowercase letters, digits, dots, dashes or underscores');
      }
      if (key === 'name') name = text;
      else region = text || null;
    } else if (key in TOP_LEVEL) {
      const text = scalarText(value, at, base, bad);
      if (text !== null) {
        vars[TOP_LEVEL[key]] = text;
        origin.set(TOP_LEVEL[key], { node: value!, where: at });
      }
    } else if (key in SECTIONS) {
      if (!isMap(value)) {
        bad(value ?? (pair.key as Node), at, `must be a map of ${key} settings`);
        continue;
      }
      for (const setting of value.items) {
        const settingKey = isScalar(setting.key) ? String(setting.key.value) : '';
        const variable = SPECIAL[`${key}.${settingKey}`] ?? `${SECTIONS[key]}${snake(settingKey)}`;
        if (!KNOWN_VARIABLES.has(variable) || variable.endsWith('_CLUSTER_NAME')) {
          bad(setting.key as Node, `${at}.${settingKey}`, `unknown ${key} setting (it would be ${variable})`);
          continue;
        }
        const text = scalarText(setting.value as Node | null, `${at}.${settingKey}`, base, bad);
        if (text === null) continue;
        vars[variable] = text;
        origin.set(variable, { node: (setting.value ?? setting.key) as Node, where: `${at}.${settingKey}` });
      }
    } else {
      bad(
        pair.key as Node,
        at,
        `unknown setting; a cluster has name, region, source, executor and the sections ${Object.keys(SECTIONS).join(', ')}`,
      );
    }
  }
  if (name === null) bad(item, `${where}.name`, 'every cluster needs a name');
  if (!vars.FLEET_SOURCE)
    bad(item, `${where}.source`, `every cluster needs a source: ${Object.keys(SECTIONS).join(', ')}`);
  if (!ok || name === null) return null;

  const report = (issues: EnvIssue[]) => {
    for (const issue of issues) {
      const from = origin.get(issue.variable);
      if (from) bad(from.node, from.where, issue.message);
      else bad(item, `${where} (${issue.variable}, from the environment)`, issue.message);
    }
  };
  const parsed = safeParseEnv(vars);
  if (!parsed.ok) {
    report(parsed.issues);
    return null;
  }
  if (!ok) return null;
  return { name, region, env: parsed.env, vars };
}

/** A scalar's text, with ${NAME} read from the environment. */
function scalarText(
  node: Node | null,
  at: string,
  base: Record<string, string | undefined>,
  bad: (node: Node | null | undefined, where: string, message: string) => void,
): string | null {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') {
    bad(node, at, 'must be a single value (text, number or true/false)');
    return null;
  }
  let missing: string | null = null;
  const text = String(node.value).replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => {
    const value = base[variable];
    if (value === undefined) missing = variable;
    return value ?? '';
  });
  if (missing) {
    bad(node, at, `reads the environment variable ${missing}, which is not set`);
    return null;
  }
  return text;
}
