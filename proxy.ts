// Sends visitors without a session to the sign-in page, and answers 401 to API calls without one; refuses what no
// page can read (a NUL in the address, an oversized action body) with a 4xx rather than a 500 from deeper down.
// It only redirects: every page, action and route handler still checks the session and role itself.
import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { decodeSessionToken } from '@/lib/auth/jwt';
import { authSecret } from '@/lib/auth/secret';
import { contentSecurityPolicy, newNonce } from '@/lib/http/csp';

const PUBLIC_PATHS = [/^\/sign-in(\/|$)/, /^\/api\/auth(\/|$)/, /^\/api\/health(\/|$)/, /^\/_next\//, /^\/favicon/];

async function hasSession(request: NextRequest): Promise<boolean> {
  // next-auth names its cookie __Secure-… on https; look for whichever the browser actually sent.
  const secureCookie = request.cookies
    .getAll()
    .some((cookie) => cookie.name.startsWith('__Secure-next-auth.session-token'));
  try {
    const token = await getToken({ req: request, secret: authSecret(), secureCookie, decode: decodeSessionToken });
    return typeof token?.uid === 'number';
  } catch {
    return false;
  }
}

/** Server actions read at most this much (Next's default); a larger body is refused here, before Next fails on it. */
const MAX_ACTION_BODY_BYTES = 1024 * 1024;

function refuse(status: number, code: string, message: string, api: boolean) {
  return api
    ? NextResponse.json({ error: { code, message } }, { status })
    : new NextResponse(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** Requests no page, action or route can read: a NUL character in the address, an oversized action body. */
function unreadable(request: NextRequest, api: boolean): NextResponse | null {
  if (/%00|\u0000/i.test(request.url)) {
    return refuse(
      400,
      'invalid_characters',
      'The address holds a NUL character (%00), which the console does not accept.',
      api,
    );
  }
  const size = Number(request.headers.get('content-length'));
  if (request.method === 'POST' && request.headers.has('next-action') && size > MAX_ACTION_BODY_BYTES) {
    return refuse(413, 'payload_too_large', 'The form is larger than 1 MB; nothing was sent to the server.', api);
  }
  return null;
}

/** Passes the request on; a page gets its Content-Security-Policy, with a nonce Next reads from the request. */
function pass(request: NextRequest, api: boolean): NextResponse {
  if (api) return NextResponse.next();
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname === '/api' || pathname.startsWith('/api/');
  const refused = unreadable(request, isApi);
  if (refused) return refused;
  if (PUBLIC_PATHS.some((pattern) => pattern.test(pathname))) return pass(request, isApi);

  // Machine callers (the Alertmanager receiver, a metrics scraper) bring a bearer token that their route
  // handler verifies; the proxy cannot judge it, so it lets them through.
  if (isApi && request.headers.get('authorization')?.startsWith('Bearer ')) return NextResponse.next();
  if (await hasSession(request)) return pass(request, isApi);

  if (isApi) {
    return NextResponse.json(
      { error: { code: 'unauthenticated', message: 'Sign in, or send a valid token, to use this API.' } },
      { status: 401 },
    );
  }
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Static assets never need a session, and skipping them here saves decoding a JWT per file.
  matcher: [
    '/((?!_next/static|_next/image|favicon\\.ico|.*\\.(?:png|jpe?g|gif|svg|ico|webp|avif|css|js|map|txt|xml|woff2?)$).*)',
  ],
};
