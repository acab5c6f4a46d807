// GET|POST /api/auth/* - next-auth's endpoints: sign-in, callback, session, csrf, sign-out. A password sign-in is
// counted by the throttle first: while the account or the client address must wait, it is answered 429 with
// Retry-After, the same for every email, known or not.
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { clientAddress, countAttempt } from '@/lib/auth/throttle';

const handler = NextAuth(authOptions);

type Segments = { params: Promise<{ nextauth: string[] }> };

async function POST(request: Request, segments: Segments) {
  if (new URL(request.url).pathname.endsWith('/callback/credentials')) {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const email = String(form?.get('email') ?? '');
    // A database that cannot count cannot check the password either: that answer comes from next-auth.
    const attempt = await countAttempt(email, clientAddress(request.headers)).catch(() => ({ allowed: true }) as const);
    if (!attempt.allowed) {
      const seconds = attempt.retryAfterSeconds;
      const signIn = new URL('/sign-in', request.url);
      signIn.searchParams.set('error', `TooManyAttempts_${seconds}`);
      // next-auth's client reads `url` and its `error`; a form post without JavaScript gets the status alone.
      return Response.json(
        { url: signIn.toString(), error: { code: 'too_many_attempts', retryAfterSeconds: seconds } },
        { status: 429, headers: { 'retry-after': String(seconds), 'cache-control': 'no-store' } },
      );
    }
  }
  return handler(request, segments);
}

export { handler as GET, POST };
