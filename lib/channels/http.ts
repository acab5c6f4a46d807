// One POST for the channels that speak HTTP: a time limit, no redirects (a redirect could carry a secret URL's
// body elsewhere), and an unreachable receiver reported as a failure worth retrying.
import { DeliveryError } from './types';

const TIMEOUT_MS = 10_000;
/** Enough of an answer to quote in an error ("no_service", PagerDuty's list of errors). */
const MAX_ANSWER_CHARS = 4_000;

export interface HttpAnswer {
  status: number;
  statusText: string;
  /** The start of the body, as text. */
  text: string;
}

/** Throttling, a timeout on their side, or a server fault: another attempt may get through. */
export const isRetryable = (status: number) => status >= 500 || status === 429 || status === 408;

export async function postJson(
  url: string,
  body: string,
  options: { what: string; headers?: Record<string, string> },
): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    // fetch says only "fetch failed"; the cause names the refusal ("connect ECONNREFUSED 10.0.0.5:443").
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new DeliveryError(`${options.what} unreachable: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  return { status: response.status, statusText: response.statusText, text: await readText(response) };
}

async function readText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < MAX_ANSWER_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut short still leaves the status, which is what decides the outcome.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text.slice(0, MAX_ANSWER_CHARS).trim();
}
