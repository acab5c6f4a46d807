// Calls to slurmrestd. Every request carries the user and JWT in X-SLURM-USER-NAME / X-SLURM-USER-TOKEN; every
// answer is JSON with `errors: [{ error, error_number, description, source }]` and `warnings`, except when the
// request is refused before reaching a handler (no credentials, unknown URL), which comes back as plain text.
import { readFile } from 'node:fs/promises';
import { SourceError } from '@/lib/sources/types';
import type { SlurmConfig } from './config';
import { newestSpoken, slurmApiVersion, SLURM_API_VERSIONS, type SlurmApiVersion } from './versions';

export interface SlurmErrorEntry {
  error?: string;
  /** 22.05 writes the number as error_number, error_code or errno, depending on the handler. */
  error_number?: number;
  error_code?: number;
  errno?: number;
  description?: string;
  source?: string;
}

export type SlurmOutcome =
  | { ok: true; body: Record<string, unknown> }
  | {
      ok: false;
      status: number | null;
      message: string;
      reason: SourceError['reason'];
      /** Slurm's error numbers (2017: invalid job id, 2018: invalid node name …). */
      slurmErrors: number[];
    };

export function describeSlurmErrors(errors: SlurmErrorEntry[]): string {
  return errors
    .map((entry) => {
      const parts = [entry.description, entry.error].filter((part): part is string => Boolean(part));
      const text = [...new Set(parts)].join(': ') || 'unknown error';
      const code = errorNumber(entry);
      return code && code > 0 ? `${text} (Slurm error ${code})` : text;
    })
    .join('; ');
}

const errorNumber = (entry: SlurmErrorEntry) => entry.error_number ?? entry.error_code ?? entry.errno ?? 0;

function parseBody(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const CREDENTIALS = 'check SLURM_USER and SLURM_TOKEN, which may have expired';

export class SlurmClient {
  private resolved: Promise<SlurmApiVersion> | null = null;

  constructor(
    readonly config: SlurmConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** The version spoken: the configured one, else the newest that slurmrestd's OpenAPI document lists. */
  version(): Promise<SlurmApiVersion> {
    this.resolved ??= this.resolveVersion().catch((error: unknown) => {
      this.resolved = null;
      throw error;
    });
    return this.resolved;
  }

  private async resolveVersion(): Promise<SlurmApiVersion> {
    if (this.config.apiVersion) return slurmApiVersion(this.config.apiVersion);
    const outcome = await this.request('GET', '/openapi/v3');
    if (!outcome.ok)
      throw new SourceError(`Slurm: reading slurmrestd's OpenAPI document: ${outcome.message}`, outcome.reason);
    const paths = Object.keys((outcome.body.paths as Record<string, unknown> | undefined) ?? {});
    const served = new Set(
      paths.map((path) => /^\/slurm\/(v\d+\.\d+\.\d+)\//.exec(path)?.[1]).filter(Boolean) as string[],
    );
    const spoken = newestSpoken(served);
    if (!spoken) {
      const list = served.size ? [...served].sort().join(', ') : 'no /slurm/ version';
      throw new SourceError(
        `Slurm: slurmrestd at ${this.config.url} serves ${list}; the console speaks ${[...SLURM_API_VERSIONS].reverse().join(', ')}` +
          ' (start slurmrestd with one of them, e.g. -s openapi/v0.0.38 on Slurm 22.05)',
        'bad_response',
      );
    }
    return slurmApiVersion(spoken);
  }

  private async token(): Promise<string> {
    const { token } = this.config;
    if ('value' in token) return token.value;
    try {
      return (await readFile(token.file, 'utf8')).trim().replace(/^SLURM_JWT=/, '');
    } catch (error) {
      throw new SourceError(
        `Slurm: cannot read SLURM_TOKEN_FILE ${token.file}: ${(error as Error).message}`,
        'unauthorized',
      );
    }
  }

  /** A call to /slurm/<version>/<path>; the body may depend on the version. */
  async call(
    method: 'GET' | 'POST' | 'DELETE',
    path: (version: SlurmApiVersion) => string,
    body?: object | ((version: SlurmApiVersion) => object),
  ): Promise<SlurmOutcome> {
    let version: SlurmApiVersion;
    try {
      version = await this.version();
    } catch (error) {
      const reason = error instanceof SourceError ? error.reason : 'bad_response';
      const message = (error as Error).message.replace(/^Slurm: /, '');
      return { ok: false, status: null, message, reason, slurmErrors: [] };
    }
    const payload = typeof body === 'function' ? body(version) : body;
    return this.request(method, `/slurm/${version.name}/${path(version)}`, payload);
  }

  async request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<SlurmOutcome> {
    const url = `${this.config.url}${path}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          'X-SLURM-USER-NAME': this.config.user,
          'X-SLURM-USER-TOKEN': await this.token(),
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      if (error instanceof SourceError) {
        return { ok: false, status: null, message: error.message, reason: error.reason, slurmErrors: [] };
      }
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : null;
      const why = timedOut ? `no answer in ${this.config.timeoutMs / 1000} s` : (cause?.message ?? String(error));
      return {
        ok: false,
        status: null,
        message: `cannot reach slurmrestd at ${this.config.url}: ${why}`,
        reason: timedOut ? 'timeout' : 'unreachable',
        slurmErrors: [],
      };
    }
    const text = await response.text();
    const parsed = parseBody(text);
    const errors = Array.isArray(parsed?.errors) ? (parsed.errors as SlurmErrorEntry[]) : [];
    if (response.ok && errors.length === 0 && parsed) return { ok: true, body: parsed };
    if (response.status === 401 || response.status === 403) {
      const said = text.trim() && !parsed ? text.trim() : response.statusText || 'Unauthorized';
      return {
        ok: false,
        status: response.status,
        message: `slurmrestd rejected the credentials (${response.status} ${said}); ${CREDENTIALS}`,
        reason: 'unauthorized',
        slurmErrors: [],
      };
    }
    const detail = errors.length > 0 ? describeSlurmErrors(errors) : text.trim() || response.statusText;
    // Slurm 22.05 passes a bad or expired token on to slurmctld, which refuses it; slurmrestd then reports only
    // that it could not load what was asked for.
    const refusedByCtld = errors.some((e) => e.error_number === -1 && /^slurm_load_/.test(e.source ?? ''));
    return {
      ok: false,
      status: response.status,
      message: `${detail} (HTTP ${response.status})${refusedByCtld ? `: slurmctld refused the request; ${CREDENTIALS}` : ''}`,
      reason: refusedByCtld ? 'unauthorized' : 'bad_response',
      slurmErrors: errors.map(errorNumber).filter((code) => code > 0),
    };
  }
}
