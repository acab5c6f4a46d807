// How live pages read the console's API: JSON or a typed error carrying the API's { error: { code, message } },
// so a page can tell "database unreachable" from "the API did not answer".
export class ApiFetchError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFetchError';
  }
}

export async function fetchApi<T>(path: string, signal: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, cache: 'no-store', headers: { accept: 'application/json' } });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiFetchError(0, 'network', "The console's API did not answer.");
  }
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | T | null;
  if (!response.ok) {
    const error = body && typeof body === 'object' && 'error' in body ? body.error : undefined;
    throw new ApiFetchError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `The API answered ${response.status}.`,
    );
  }
  return body as T;
}
