// A GET of one of the console's JSON routes, for react-query: a refused or failed answer becomes an error that
// carries the status and the route's error code, so the page can say what went wrong.
export class FetchError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export async function fetchJson<T>(url: string, signal: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal, cache: 'no-store', headers: { accept: 'application/json' } });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new FetchError(0, 'network', "The console's API did not answer.");
  }
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) {
    throw new FetchError(
      response.status,
      body?.error?.code ?? 'http_error',
      body?.error?.message ?? `The console's API answered ${response.status}.`,
    );
  }
  return body as T;
}

/** What a failed refresh says in a banner's title. */
export function failureTitle(error: unknown): string {
  const code = error instanceof FetchError ? error.code : 'network';
  if (code === 'database_unavailable') return 'Database unreachable';
  if (code === 'network') return "Can't reach the console's API";
  return error instanceof Error ? error.message : 'The refresh failed';
}
