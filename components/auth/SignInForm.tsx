'use client';

import { useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { Field } from '@/components/forms/Field';
import { Banner } from '@/components/ui/Banner';
import { Button } from '@/components/ui/Button';
import styles from './AuthScreen.module.css';

export type SignInFormProps = {
  /** A safe, same-site path to land on afterwards (see lib/auth/callback-url). */
  callbackUrl: string;
  /** The single-sign-on provider, when one is configured. */
  oidc: { id: string; name: string } | null;
  /** next-auth's error code from the URL, when a previous attempt came back here. */
  initialError?: string | null;
};

export const WRONG_CREDENTIALS = 'Email or password is incorrect.';

// next-auth's error codes, in words. Wrong email, wrong password and disabled account read the same,
// so the form never tells anyone which accounts exist.
const MESSAGES: Record<string, string> = {
  CredentialsSignin: WRONG_CREDENTIALS,
  AccessDenied: 'This account may not sign in. Ask an administrator to check it.',
  Unavailable: 'Sign-in is unavailable right now. Try again in a moment.',
  SessionRequired: 'Sign in to continue.',
  OAuthSignin: 'Single sign-on could not start. Try again, or use your email and password.',
  OAuthCallback: 'Single sign-on did not complete. Try again, or use your email and password.',
  Callback: 'Single sign-on did not complete. Try again, or use your email and password.',
};
function messageFor(code: string): string {
  // "TooManyAttempts_30": the sign-in throttle's answer, with the seconds to wait.
  const wait = /^TooManyAttempts_(\d+)$/.exec(code);
  if (wait) {
    const seconds = Number(wait[1]);
    const when = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} second${seconds === 1 ? '' : 's'}`;
    return `Too many sign-in attempts. Try again in ${when}.`;
  }
  return MESSAGES[code] ?? 'Sign-in did not complete. Try again.';
}

const noSubscription = () => () => {};
/** False in the server's HTML, true once React runs in the browser. */
const useHydrated = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

/** 'signed-in', or next-auth's error code. */
async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<string> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await signIn('credentials', { email, password, callbackUrl, redirect: false });
    // A CSRF mismatch (the first request of a fresh page racing for the CSRF cookie) comes back as a redirect
    // to /sign-in?csrf=true with no error at all; the second try carries the settled token.
    const landing = result?.url ? new URL(result.url, window.location.href) : null;
    if (landing?.pathname === '/sign-in' && landing.searchParams.get('csrf') === 'true') continue;
    return result?.ok && !result.error ? 'signed-in' : (result?.error ?? 'Default');
  }
  return 'Default';
}

export function SignInForm({ callbackUrl, oidc, initialError }: SignInFormProps) {
  const [error, setError] = useState<string | null>(initialError ? messageFor(initialError) : null);
  const [pending, setPending] = useState<'password' | 'sso' | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const credentialsRejected = error === WRONG_CREDENTIALS;
  // Until React runs, a submit would be the browser's own: the button waits, so a password never ends up in a URL.
  const hydrated = useHydrated();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending('password');
    setError(null);
    try {
      const email = String(form.get('email') ?? '');
      const result = await signInWithPassword(email, String(form.get('password') ?? ''), callbackUrl);
      if (result === 'signed-in') {
        // A full load, so that the server renders the console with the new session cookie.
        window.location.assign(callbackUrl);
        return;
      }
      setError(messageFor(result));
    } catch {
      setError(MESSAGES.Unavailable);
    }
    setPending(null);
    // Ready for a second try without reaching for the mouse.
    passwordRef.current?.select();
  }

  return (
    <div className="stack">
      {error && (
        <Banner tone="bad" id="sign-in-error">
          {error}
        </Banner>
      )}
      <form className="stack" method="post" onSubmit={submit}>
        <Field name="email" label="Email">
          <input
            type="email"
            className="input"
            autoComplete="username"
            autoFocus
            required
            aria-invalid={credentialsRejected || undefined}
            aria-describedby={error ? 'sign-in-error' : undefined}
          />
        </Field>
        <Field name="password" label="Password">
          <input
            ref={passwordRef}
            type="password"
            className="input"
            autoComplete="current-password"
            required
            aria-invalid={credentialsRejected || undefined}
            aria-describedby={error ? 'sign-in-error' : undefined}
          />
        </Field>
        <Button type="submit" variant="primary" size="lg" block disabled={!hydrated} loading={pending === 'password'}>
          {pending === 'password' ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      {oidc && (
        <>
          <p className={styles.divider}>or</p>
          <Button
            size="lg"
            block
            disabled={!hydrated}
            loading={pending === 'sso'}
            onClick={() => {
              setPending('sso');
              setError(null);
              void signIn(oidc.id, { callbackUrl });
            }}
          >
            Continue with {oidc.name}
          </Button>
        </>
      )}
    </div>
  );
}
