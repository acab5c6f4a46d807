// One POST for the channels that speak HTTP: to a checked destination only (destination.ts), on the address that
// was checked, with a time limit and no redirects (a redirect could carry a secret URL's body elsewhere). The answer
// is its status alone: a receiver's body is never read back to the admin, so a channel cannot be used to read what
// an internal service says.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { DestinationError, resolveDestination } from './destination';
import { DeliveryError } from './types';

const TIMEOUT_MS = 10_000;

export interface HttpAnswer {
  status: number;
  /** The standard words for the status ("Not Found"), never the receiver's own. */
  statusText: string;
}

/** Throttling, a timeout on their side, or a server fault: another attempt may get through. */
export const isRetryable = (status: number) => status >= 500 || status === 429 || status === 408;

/** Node's lookup, answered with the checked address only: what was checked is what is connected to. */
const pinnedLookup: LookupFunction = (hostname, options, callback) => {
  resolveDestination(hostname).then(
    ({ address, family }) => (options.all ? callback(null, [{ address, family }]) : callback(null, address, family)),
    (error: Error) => callback(Object.assign(error, { code: 'EREFUSED' }), '', 0),
  );
};

export async function postJson(
  url: string,
  body: string,
  options: { what: string; headers?: Record<string, string> },
): Promise<HttpAnswer> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new DeliveryError(`${options.what}: ${target.protocol} URLs cannot be used`, false);
  }
  try {
    // An address written as such is never looked up by Node, so it is checked here.
    await resolveDestination(target.hostname);
  } catch (error) {
    throw refused(options.what, error);
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<HttpAnswer>((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...options.headers },
        lookup: pinnedLookup,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        // A fresh connection per message: no pooled socket to an address checked for another name.
        agent: false,
      },
      (response) => {
        // Read and dropped, so the connection ends cleanly; the status is what decides the outcome.
        response.resume();
        response.on('error', () => {});
        const status = response.statusCode ?? 0;
        resolve({ status, statusText: http.STATUS_CODES[status] ?? '' });
      },
    );
    request.on('error', (error) => {
      if (error instanceof DestinationError || (error as { cause?: unknown }).cause instanceof DestinationError) {
        reject(refused(options.what, error));
        return;
      }
      const reason = error.name === 'AbortError' || error.name === 'TimeoutError' ? 'no answer in time' : error.message;
      reject(new DeliveryError(`${options.what} unreachable: ${reason}`));
    });
    request.end(body);
  });
}

function refused(what: string, error: unknown): DeliveryError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`${what} not sent: ${reason}`, false);
}
