// Cross-site request forgery: a page on another site (another port of the same host counts) can make a signed-in
// browser send a form post with its cookie. Next checks the Origin of server actions; route() checks it here for
// every route that changes something, the way Next does: the Origin's host must be the host the request was sent to.
import { env } from '@/lib/env';

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** Why the request does not come from the console's own pages, or null when it does. */
export function checkOrigin(request: Request): string | null {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin') {
    return `The browser marked this request ${site}: the console accepts changes only from its own pages.`;
  }
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') {
    return "The request names no Origin: send Origin with the console's own address (browsers do).";
  }
  const allowed = new Set(
    [
      hostOf(request.url),
      request.headers.get('host'),
      request.headers.get('x-forwarded-host')?.split(',')[0].trim(),
      hostOf(env().NEXTAUTH_URL),
    ].filter((host): host is string => !!host),
  );
  const host = hostOf(origin);
  if (!host || !allowed.has(host)) {
    return `The request came from ${origin.slice(0, 200)}: the console accepts changes only from its own pages.`;
  }
  return null;
}

/** application/json or a +json type such as application/merge-patch+json. */
export function isJson(request: Request): boolean {
  return /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(request.headers.get('content-type') ?? '');
}
