// The jobs list's URL parameters (filters, search, sort, page), shared by the page, its route handler and the
// filter controls, so it has no server-only imports. Each parameter is read on its own: one bad value is
// reported by name and dropped, and the rest of the link still works.
import { z } from 'zod';
import { JOB_HEALTHS, JOB_KINDS, JOB_STATES, type JobHealth, type JobKind, type JobState } from '@/lib/domain/enums';
import {
  oneOfParam,
  paramList,
  paramValues,
  wholeNumberParam,
  type ParamIssue,
  type SearchParamsLike,
} from '@/lib/url-state';

export const JOB_SORTS = [
  'name',
  'team',
  'kind',
  'state',
  'health',
  'gpus',
  'utilization',
  'age',
  'restarts',
  'cost',
] as const;
export type JobSort = (typeof JOB_SORTS)[number];
export type SortDir = 'asc' | 'desc';

/** The direction a column sorts in when first clicked: biggest, worst or newest first. */
export const DEFAULT_DIR: Record<JobSort, SortDir> = {
  name: 'asc',
  team: 'asc',
  kind: 'asc',
  state: 'asc',
  health: 'asc',
  gpus: 'desc',
  utilization: 'desc',
  age: 'asc',
  restarts: 'desc',
  cost: 'desc',
};

export const DEFAULT_SORT: JobSort = 'age';
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
const MAX_VALUES = 20;

export interface JobListParams {
  team: string[];
  project: string[];
  kind: JobKind[];
  state: JobState[];
  health: JobHealth[];
  /** Where it runs or waits: a Slurm partition, a Kueue queue. */
  partition: string[];
  /** Part of the job's name or id, matched without regard to case. */
  q: string;
  sort: JobSort;
  dir: SortDir;
  page: number;
  pageSize: number;
}

/** The filters that take a list of values, each written as one comma-separated parameter. */
const LIST_FILTERS = ['team', 'project', 'kind', 'state', 'health', 'partition'] as const;
type ListKey = (typeof LIST_FILTERS)[number];

/** Every filter off: the list's own parameters for "clear filters". */
export const NO_FILTERS = {
  team: [],
  project: [],
  kind: [],
  state: [],
  health: [],
  partition: [],
  q: '',
} as const satisfies Pick<JobListParams, FilterKey>;

export const FILTER_KEYS = ['team', 'project', 'kind', 'state', 'health', 'partition', 'q'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
/** Every parameter this list reads; the time range's (`range`, `from`, `to`) come on top. */
export const LIST_KEYS = [...FILTER_KEYS, 'sort', 'dir', 'page', 'pageSize'] as const;

const keyOrder = (field: string) => (LIST_KEYS as readonly string[]).indexOf(field);

export interface ParsedJobListParams {
  params: JobListParams;
  /** Values that could not be read; each was dropped (its default used) and is named here. */
  issues: ParamIssue[];
}

const names = (field: string) => z.array(z.string().max(100, `\`${field}\` values are at most 100 characters`));

const FIELDS = {
  team: names('team'),
  project: names('project'),
  kind: oneOfParam('kind', JOB_KINDS),
  state: oneOfParam('state', JOB_STATES),
  health: oneOfParam('health', JOB_HEALTHS),
  partition: names('partition'),
  q: z.string().max(100, '`q` is at most 100 characters'),
  sort: z.enum(JOB_SORTS, { error: `\`sort\` must be one of ${JOB_SORTS.join(', ')}` }),
  dir: z.enum(['asc', 'desc'], { error: '`dir` must be asc or desc' }),
  page: wholeNumberParam('page', 1, 100_000),
  pageSize: wholeNumberParam('pageSize', 1, MAX_PAGE_SIZE),
};

/** Reads the list's parameters; never throws. A bad value is dropped and named in `issues`. */
export function parseJobListParams(search: SearchParamsLike): ParsedJobListParams {
  const issues: ParamIssue[] = [];
  const read = <S extends z.ZodType>(field: keyof typeof FIELDS, schema: S, input: unknown, fallback: z.infer<S>) => {
    const result = schema.safeParse(input);
    if (result.success) return result.data as z.infer<S>;
    issues.push({ field, message: `${result.error.issues[0].message}.` });
    return fallback;
  };
  const list = <S extends z.ZodType>(field: ListKey, schema: S) => {
    const values = paramList(search, field);
    if (values.length > MAX_VALUES) {
      issues.push({ field, message: `\`${field}\` takes at most ${MAX_VALUES} values.` });
      return [];
    }
    return [...new Set(read(field, schema, values, [] as z.infer<S>) as string[])];
  };
  const single = (field: string) => paramList(search, field).at(-1);

  const sort = read('sort', FIELDS.sort, single('sort') ?? DEFAULT_SORT, DEFAULT_SORT);
  const rawDir = single('dir');
  return {
    params: {
      team: list('team', FIELDS.team),
      project: list('project', FIELDS.project),
      kind: list('kind', FIELDS.kind) as JobKind[],
      state: list('state', FIELDS.state) as JobState[],
      health: list('health', FIELDS.health) as JobHealth[],
      partition: list('partition', FIELDS.partition),
      // A search may hold a comma: it is read whole.
      q: read('q', FIELDS.q, paramValues(search, 'q').at(-1) ?? '', '').trim(),
      sort,
      dir: rawDir === undefined ? DEFAULT_DIR[sort] : read('dir', FIELDS.dir, rawDir, DEFAULT_DIR[sort]),
      page: read('page', FIELDS.page, single('page') ?? 1, 1),
      pageSize: read('pageSize', FIELDS.pageSize, single('pageSize') ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE),
    },
    // In the order the parameters are listed, whatever order they were read in.
    issues: issues.sort((a, b) => keyOrder(a.field) - keyOrder(b.field)),
  };
}

/** The filters in effect, as `field: values` pairs, for "no jobs match team = eval and health = stalled". */
export function activeFilters(params: JobListParams): { key: FilterKey; values: string[] }[] {
  return FILTER_KEYS.map((key) => ({ key, values: key === 'q' ? (params.q ? [params.q] : []) : params[key] })).filter(
    (filter) => filter.values.length > 0,
  );
}

/**
 * The query string of a list view: the list's parameters that differ from the defaults, after any other
 * parameters of `base` (the time range) are kept as they are.
 */
export function jobListQuery(base: SearchParamsLike, params: JobListParams): string {
  const out = new URLSearchParams();
  const entries =
    base instanceof URLSearchParams
      ? [...base.entries()]
      : Object.entries(base).flatMap(([key, value]) => [value ?? []].flat().map((v) => [key, v] as const));
  for (const [key, value] of entries) if (!(LIST_KEYS as readonly string[]).includes(key)) out.append(key, value);
  for (const key of LIST_FILTERS) {
    if (params[key].length) out.set(key, params[key].join(','));
  }
  if (params.q) out.set('q', params.q);
  if (params.sort !== DEFAULT_SORT || params.dir !== DEFAULT_DIR[params.sort]) {
    out.set('sort', params.sort);
    out.set('dir', params.dir);
  }
  if (params.page > 1) out.set('page', String(params.page));
  if (params.pageSize !== DEFAULT_PAGE_SIZE) out.set('pageSize', String(params.pageSize));
  return out.toString();
}
