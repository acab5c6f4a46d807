// Who runs what on the simulated cluster: teams, their people, the models they train and the services they run.
export interface TeamSpec {
  name: string;
  projects: readonly string[];
  owners: readonly string[];
}

export const TEAMS: readonly TeamSpec[] = [
  {
    name: 'foundation-models',
    projects: ['pretrain-llm', 'data-mixtures', 'long-context'],
    owners: ['a.chen', 'm.okafor', 'j.schmidt'],
  },
  { name: 'alignment', projects: ['rlhf', 'safety-sft'], owners: ['p.nair', 'l.moreau'] },
  {
    name: 'inference-platform',
    projects: ['chat-serving', 'embeddings', 'batch-inference'],
    owners: ['s.kim', 'r.alvarez'],
  },
  { name: 'eval', projects: ['benchmarks', 'red-team'], owners: ['t.nguyen', 'e.kowalski'] },
  {
    name: 'research-applied',
    projects: ['code-assistant', 'multimodal', 'retrieval'],
    owners: ['d.haddad', 'y.tanaka', 'c.silva'],
  },
];

export function ownerOf(team: string, k: number): string {
  const spec = TEAMS.find((t) => t.name === team) ?? TEAMS[0];
  return spec.owners[k % spec.owners.length];
}

export interface ModelSpec {
  name: string;
  billionParams: number;
  /** Training throughput per H800 at the usual parallelism, tokens per second. */
  tokensPerGpuSecond: number;
  /** Tokens in one optimizer step. */
  batchTokens: number;
}

export const MODELS: Record<'8b' | '34b' | '70b', ModelSpec> = {
  '8b': { name: 'llm-8b', billionParams: 8, tokensPerGpuSecond: 3600, batchTokens: 524_288 },
  '34b': { name: 'llm-34b', billionParams: 34, tokensPerGpuSecond: 1650, batchTokens: 2_097_152 },
  '70b': { name: 'llm-70b', billionParams: 70, tokensPerGpuSecond: 820, batchTokens: 4_194_304 },
};

/** A full checkpoint: bf16 weights, fp32 master weights and two Adam moments, 16 bytes a parameter. */
export const checkpointGib = (model: ModelSpec) => Math.round((model.billionParams * 1e9 * 16) / 2 ** 30);

export interface FineTuneSpec {
  team: string;
  project: string;
  prefix: string;
  model: keyof typeof MODELS;
  gpus: readonly number[];
}

export const FINE_TUNES: readonly (readonly [FineTuneSpec, number])[] = [
  [{ team: 'alignment', project: 'rlhf', prefix: 'rlhf-ppo', model: '8b', gpus: [8, 16] }, 3],
  [{ team: 'alignment', project: 'rlhf', prefix: 'rlhf-dpo', model: '70b', gpus: [32, 64] }, 1],
  [{ team: 'alignment', project: 'safety-sft', prefix: 'safety-sft', model: '34b', gpus: [16, 32] }, 2],
  [{ team: 'research-applied', project: 'code-assistant', prefix: 'code-sft', model: '34b', gpus: [16, 32] }, 2],
  [{ team: 'research-applied', project: 'multimodal', prefix: 'vlm-sft', model: '8b', gpus: [8, 16, 24] }, 2],
  [{ team: 'research-applied', project: 'retrieval', prefix: 'retriever-ft', model: '8b', gpus: [8] }, 2],
  [{ team: 'foundation-models', project: 'long-context', prefix: 'long-ctx', model: '8b', gpus: [16, 32] }, 1],
  [{ team: 'foundation-models', project: 'data-mixtures', prefix: 'mix-ablation', model: '8b', gpus: [8, 16] }, 2],
];

export const EVAL_SUITES: readonly (readonly [{ team: string; project: string; suite: string }, number])[] = [
  [{ team: 'eval', project: 'benchmarks', suite: 'mmlu' }, 3],
  [{ team: 'eval', project: 'benchmarks', suite: 'gsm8k' }, 2],
  [{ team: 'eval', project: 'benchmarks', suite: 'humaneval' }, 2],
  [{ team: 'eval', project: 'benchmarks', suite: 'mt-bench' }, 1],
  [{ team: 'eval', project: 'benchmarks', suite: 'long-bench' }, 1],
  [{ team: 'eval', project: 'red-team', suite: 'harmbench' }, 1],
  [{ team: 'alignment', project: 'safety-sft', suite: 'jailbreak-suite' }, 1],
  [{ team: 'research-applied', project: 'code-assistant', suite: 'swe-bench' }, 1],
];

export interface ServiceSpec {
  name: string;
  team: string;
  project: string;
  replicas: number;
  gpusPerReplica: number;
  /** Hour (UTC) of peak traffic; batch inference peaks at night when the interactive load is low. */
  peakHour: number;
}

export const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'serve-chat-70b',
    team: 'inference-platform',
    project: 'chat-serving',
    replicas: 6,
    gpusPerReplica: 8,
    peakHour: 15,
  },
  {
    name: 'serve-chat-8b',
    team: 'inference-platform',
    project: 'chat-serving',
    replicas: 8,
    gpusPerReplica: 1,
    peakHour: 14,
  },
  {
    name: 'serve-embed-1b',
    team: 'inference-platform',
    project: 'embeddings',
    replicas: 4,
    gpusPerReplica: 1,
    peakHour: 13,
  },
  {
    name: 'batch-infer-70b',
    team: 'inference-platform',
    project: 'batch-inference',
    replicas: 2,
    gpusPerReplica: 8,
    peakHour: 3,
  },
  {
    name: 'serve-code-34b',
    team: 'research-applied',
    project: 'code-assistant',
    replicas: 4,
    gpusPerReplica: 4,
    peakHour: 16,
  },
];

/** What a job's log says when it dies on its own. */
export const FAILURE_REASONS: readonly string[] = [
  'exit code 1: RuntimeError: CUDA error: an illegal memory access was encountered',
  'exit code 1: torch.OutOfMemoryError: CUDA out of memory',
  'exit code 137: container killed (host memory limit)',
  'exit code 1: NCCL error: unhandled system error (remote process exited)',
  'exit code 1: FileNotFoundError while loading the next data shard',
  'exit code 1: loss is NaN, training aborted',
];

/**
 * The demo's monthly budgets, sized for a 1,024-GPU fleet from what each team spends in a usual month there:
 * foundation-models about $790k, research-applied $160k, alignment $150k, inference-platform $117k, eval $19k.
 * Most have room; inference-platform's services run past theirs by about a fifth (its forecast is over), and the
 * red team's project budget is spent before the month is out.
 */
export function demoBudgets(
  gpuCount: number,
): { name: string; team: string; project?: string; monthlyAmount: number }[] {
  const scale = gpuCount / 1024;
  const amount = (dollars: number) => Math.max(100, Math.round((dollars * scale) / 100) * 100);
  return [
    { name: 'Foundation models', team: 'foundation-models', monthlyAmount: amount(900_000) },
    { name: 'Research, applied', team: 'research-applied', monthlyAmount: amount(190_000) },
    { name: 'Alignment', team: 'alignment', monthlyAmount: amount(175_000) },
    { name: 'Inference platform', team: 'inference-platform', monthlyAmount: amount(95_000) },
    { name: 'Evaluation', team: 'eval', monthlyAmount: amount(25_000) },
    { name: 'Red-team evaluations', team: 'eval', project: 'red-team', monthlyAmount: amount(1_200) },
  ];
}
