// The one place URL parameters are read. Every page's parser (time range, jobs, incidents, costs, audit log) builds
// on these, so a link reads the same way everywhere: a list may be written `k=a,b` or `k=a&k=b`, an empty value is
// no value, and a bad value is named (a ParamIssue) and dropped while the rest of the link still applies. Plain
// code: pages, route handlers and client components share it. Writing the URL is components/url/useUrlState.ts.
import { z } from 'zod';

/** A page's searchParams, a route's URLSearchParams, or the browser's. */
export type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

/** A parameter that could not be read, in words that name it. */
export interface ParamIssue {
  field: string;
  message: string;
}

/** Every value given for `key`, as written. */
export function paramValues(search: SearchParamsLike, key: string): string[] {
  return search instanceof URLSearchParams ? search.getAll(key) : [search[key] ?? []].flat();
}

/**
 * One value of `key`, undefined when absent or empty: the first given, or with `last` the last one (a later value
 * overrides), and with `trim` without surrounding spaces.
 */
export function paramValue(
  search: SearchParamsLike,
  key: string,
  { last = false, trim = false }: { last?: boolean; trim?: boolean } = {},
): string | undefined {
  const values = paramValues(search, key);
  const value = last ? values.at(-1) : values[0];
  const text = trim ? value?.trim() : value;
  return text ? text : undefined;
}

/** The values of a list parameter: `k=a,b` and `k=a&k=b` mean the same; blanks are dropped. */
export function paramList(search: SearchParamsLike, key: string): string[] {
  return paramValues(search, key)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

/** A list of allowed values, whose error names the parameter and the value it did not know. */
export const oneOfParam = <T extends string>(field: string, values: readonly T[]) =>
  z.array(
    z.enum(values as readonly [T, ...T[]], {
      error: (issue) => `\`${field}\` must be one of ${values.join(', ')} (got "${String(issue.input)}")`,
    }),
  );

/** A whole number from `min` to `max`, whose errors name the parameter. */
export const wholeNumberParam = (field: string, min: number, max: number) =>
  z.coerce
    .number({ error: `\`${field}\` must be a whole number` })
    .int(`\`${field}\` must be a whole number`)
    .min(min, `\`${field}\` must be at least ${min}`)
    .max(max, `\`${field}\` must be at most ${max}`);

/** What Next passes a page as `searchParams`. */
export type PageSearchParams = Promise<Record<string, string | string[] | undefined>>;
