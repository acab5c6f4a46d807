// Sends visitors without a session to the sign-in page, and answers 401 to API calls without one.
// It only redirects: every page, action and route handler still checks the session and role itself.
import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { authSecret } from '@/lib/auth/secret';

const PUBLIC_PATHS = [/^\/sign-in(\/|$)/, /^\/api\/auth(\/|$)/, /^\/api\/health(\/|$)/, /^\/_next\//, /^\/favicon/];

async function hasSession(request: NextRequest): Promise<boolean> {
  // next-auth names its cookie __Secure-… on https; look for whichever the browser actually sent.
  const secureCookie = request.cookies
    .getAll()
    .some((cookie) => cookie.name.startsWith('__Secure-next-auth.session-token'));
  try {
    const token = await getToken({ req: request, secret: authSecret(), secureCookie });
    return typeof token?.uid === 'number';
  } catch {
    return false;
  }
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.some((pattern) => pattern.test(pathname))) return NextResponse.next();

  const isApi = pathname === '/api' || pathname.startsWith('/api/');
  // Machine callers (the Alertmanager receiver, a metrics scraper) bring a bearer token that their route
  // handler verifies; the proxy cannot judge it, so it lets them through.
  if (isApi && request.headers.get('authorization')?.startsWith('Bearer ')) return NextResponse.next();
  if (await hasSession(request)) return NextResponse.next();

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
