// The incident list's URL parameters (state, severity, source, team, page), shared by the pages, the route handler
// and the filter controls, so it has no server-only imports. A bad value is named and dropped; the rest still apply.
import { z } from 'zod';
import {
  INCIDENT_SEVERITIES,
  INCIDENT_SOURCES,
  INCIDENT_STATES,
  type IncidentSeverity,
  type IncidentSource,
  type IncidentState,
} from '@/lib/domain/enums';
import { oneOfParam, paramList, wholeNumberParam, type ParamIssue, type SearchParamsLike } from '@/lib/url-state';

export const PAGE_SIZE = 50;
const MAX_VALUES = 20;

export interface IncidentListParams {
  state: IncidentState[];
  severity: IncidentSeverity[];
  source: IncidentSource[];
  team: string[];
  page: number;
}

export const FILTER_KEYS = ['state', 'severity', 'source', 'team'] as const;
export type IncidentFilterKey = (typeof FILTER_KEYS)[number];
const LIST_KEYS: readonly string[] = [...FILTER_KEYS, 'page'];

/** No filter, the first page: what "Clear filters" goes to. */
export const EMPTY_PARAMS: IncidentListParams = { state: [], severity: [], source: [], team: [], page: 1 };

const FIELDS = {
  state: oneOfParam('state', INCIDENT_STATES),
  severity: oneOfParam('severity', INCIDENT_SEVERITIES),
  source: oneOfParam('source', INCIDENT_SOURCES),
  team: z.array(z.string().max(100, '`team` values are at most 100 characters')),
  page: wholeNumberParam('page', 1, 100_000),
};

export interface ParsedIncidentListParams {
  params: IncidentListParams;
  issues: ParamIssue[];
}

/** Reads the list's parameters; never throws. */
export function parseIncidentListParams(search: SearchParamsLike): ParsedIncidentListParams {
  const issues: ParsedIncidentListParams['issues'] = [];
  const list = <K extends IncidentFilterKey>(field: K): IncidentListParams[K] => {
    const values = paramList(search, field);
    if (values.length > MAX_VALUES) {
      issues.push({ field, message: `\`${field}\` takes at most ${MAX_VALUES} values.` });
      return [];
    }
    const result = FIELDS[field].safeParse(values);
    if (result.success) return [...new Set(result.data)] as IncidentListParams[K];
    issues.push({ field, message: `${result.error.issues[0].message}.` });
    return [];
  };
  const rawPage = paramList(search, 'page').at(-1);
  const page = FIELDS.page.safeParse(rawPage ?? 1);
  if (!page.success) issues.push({ field: 'page', message: `${page.error.issues[0].message}.` });
  return {
    params: {
      state: list('state'),
      severity: list('severity'),
      source: list('source'),
      team: list('team'),
      page: page.success ? page.data : 1,
    },
    issues,
  };
}

export function activeFilters(params: IncidentListParams): { key: IncidentFilterKey; values: string[] }[] {
  return FILTER_KEYS.map((key) => ({ key, values: params[key] as string[] })).filter((filter) => filter.values.length);
}

/** The query string of a list view: the other parameters of `base` (the time range) kept, then the filters. */
export function incidentListQuery(base: SearchParamsLike, params: IncidentListParams): string {
  const out = new URLSearchParams();
  const entries =
    base instanceof URLSearchParams
      ? [...base.entries()]
      : Object.entries(base).flatMap(([key, value]) => [value ?? []].flat().map((v) => [key, v] as const));
  for (const [key, value] of entries) if (!LIST_KEYS.includes(key)) out.append(key, value);
  for (const key of FILTER_KEYS) if (params[key].length) out.set(key, params[key].join(','));
  if (params.page > 1) out.set('page', String(params.page));
  return out.toString();
}
