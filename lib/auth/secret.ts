// The one secret that signs session tokens. next-auth and the proxy's getToken must agree on it,
// or every request would look signed out; hence one function that both call.
import { env } from '@/lib/env';

// A fixed secret keeps `npm run dev` working without set-up; it is never used in production.
const DEVELOPMENT_SECRET = 'fleet-console-development-secret-not-for-production';

export function authSecret(): string | undefined {
  const configured = env().NEXTAUTH_SECRET;
  if (configured) return configured;
  // Undefined in production makes next-auth refuse to start (NO_SECRET) rather than sign with a known key.
  return process.env.NODE_ENV === 'production' ? undefined : DEVELOPMENT_SECRET;
}
