// What went wrong talking to the API server, in words an operator can act on. The API answers errors with a
// `Status` object (kind: Status, reason, message, code); its message is quoted as the server wrote it.
import { ApiException } from '@kubernetes/client-node';
import { SourceError } from '@/lib/sources/types';

export interface KubernetesFailure {
  /** HTTP status, or null when no answer came (unreachable, timed out). */
  status: number | null;
  /** The Status reason: NotFound, TooManyRequests, Unauthorized, Invalid, AlreadyExists … */
  reason: string | null;
  message: string;
  /** Status details.causes[].message, e.g. which disruption budget refused an eviction. */
  causes: string[];
}

interface StatusBody {
  message?: unknown;
  reason?: unknown;
  details?: { causes?: { message?: unknown }[] };
}

function parseStatus(body: unknown): StatusBody | null {
  if (typeof body !== 'string' || body === '') return null;
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as StatusBody) : null;
  } catch {
    return null;
  }
}

export function describeKubernetesError(error: unknown): KubernetesFailure {
  if (error instanceof ApiException) {
    const code = typeof error.code === 'number' ? error.code : null;
    if (code === 401) {
      return {
        status: 401,
        reason: 'Unauthorized',
        message: 'the Kubernetes API rejected the credentials (401 Unauthorized); check KUBERNETES_TOKEN',
        causes: [],
      };
    }
    const status = parseStatus(error.body);
    const causes = (status?.details?.causes ?? [])
      .map((cause) => cause.message)
      .filter((message): message is string => typeof message === 'string');
    const reason = typeof status?.reason === 'string' ? status.reason : null;
    const text = typeof status?.message === 'string' ? status.message : `HTTP ${code}`;
    return { status: code, reason, message: reason ? `${text} (${code} ${reason})` : text, causes };
  }
  const cause = error instanceof Error ? error : new Error(String(error));
  const system = (cause as { code?: unknown }).code;
  const unreachable =
    typeof system === 'string' && /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|EAI_AGAIN)$/.test(system);
  return {
    status: null,
    reason: unreachable ? 'Unreachable' : null,
    message: unreachable ? `cannot reach the Kubernetes API: ${cause.message}` : cause.message,
    causes: [],
  };
}

export function toSourceError(error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  const failure = describeKubernetesError(error);
  const reason =
    failure.status === 401 || failure.status === 403
      ? 'unauthorized'
      : failure.reason === 'Unreachable'
        ? 'unreachable'
        : 'bad_response';
  return new SourceError(`Kubernetes: ${failure.message}`, reason);
}
