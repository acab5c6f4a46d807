// Calls to slurmrestd. Every request carries the user and JWT in X-SLURM-USER-NAME / X-SLURM-USER-TOKEN; every
// answer is JSON with `errors: [{ error, error_number, description, source }]` and `warnings`, except when the
// request is refused before reaching a handler (bad credentials, unknown URL), which comes back as plain text.
import type { SlurmConfig } from './slurm-config';

export interface SlurmErrorEntry {
  error?: string;
  error_number?: number;
  description?: string;
  source?: string;
}

export type SlurmOutcome =
  { ok: true; body: Record<string, unknown> } | { ok: false; status: number | null; message: string };

export function describeSlurmErrors(errors: SlurmErrorEntry[]): string {
  return errors
    .map((entry) => {
      const parts = [entry.description, entry.error].filter((part): part is string => Boolean(part));
      const text = [...new Set(parts)].join(': ') || 'unknown error';
      return entry.error_number ? `${text} (Slurm error ${entry.error_number})` : text;
    })
    .join('; ');
}

function parseBody(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export class SlurmClient {
  constructor(private readonly config: SlurmConfig) {}

  get apiVersion(): string {
    return this.config.apiVersion;
  }

  /** `path` is relative to /slurm/<version>/, e.g. `node/gpu-01`. */
  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<SlurmOutcome> {
    const url = `${this.config.url}/slurm/${this.config.apiVersion}/${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          'X-SLURM-USER-NAME': this.config.user,
          'X-SLURM-USER-TOKEN': this.config.token,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : null;
      const why = error instanceof Error && error.name === 'TimeoutError' ? 'no answer in time' : cause?.message;
      return { ok: false, status: null, message: `cannot reach slurmrestd at ${this.config.url}: ${why ?? error}` };
    }
    const text = await response.text();
    const parsed = parseBody(text);
    const errors = Array.isArray(parsed?.errors) ? (parsed.errors as SlurmErrorEntry[]) : [];
    if (response.ok && errors.length === 0 && parsed) return { ok: true, body: parsed };
    if (response.status === 401) {
      return {
        ok: false,
        status: 401,
        message: `slurmrestd rejected the credentials (401 ${text.trim() || 'Unauthorized'}); check SLURM_USER and SLURM_TOKEN, which may have expired`,
      };
    }
    const detail = errors.length > 0 ? describeSlurmErrors(errors) : text.trim() || response.statusText;
    return { ok: false, status: response.status, message: `${detail} (HTTP ${response.status})` };
  }
}
