'use client';

import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from 'next-auth/react';
import { useLayoutEffect, useState, type ReactNode } from 'react';
import { applyTheme, readThemeChoice } from '@/components/shell/theme';

/** The HTTP status carried by a fetch error, when the fetcher attached one as `error.status`. */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  return typeof error.status === 'number' ? error.status : undefined;
}

let sendingToSignIn = false;
function sendToSignIn() {
  // A console left open past its session: every live query fails at once; go to sign-in once, and come back.
  if (sendingToSignIn) return;
  sendingToSignIn = true;
  // A full load rather than router.push: the whole client state belongs to the expired session.
  const signInUrl = new URL('/sign-in', window.location.origin);
  signInUrl.searchParams.set('callbackUrl', `${window.location.pathname}${window.location.search}`);
  window.location.assign(signInUrl);
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (statusOf(error) === 401) sendToSignIn();
      },
    }),
    defaultOptions: {
      queries: {
        // Pages set their own refetchInterval; this stops components mounting together from refetching twice.
        staleTime: 10_000,
        refetchOnWindowFocus: true,
        // A 4xx will not get better by asking again; network blips and 5xx get two more tries.
        retry: (failureCount, error) => {
          const status = statusOf(error);
          if (status !== undefined && status >= 400 && status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  // In development Strict Mode remounts reset <html> attributes, dropping the theme the head script set.
  useLayoutEffect(() => applyTheme(readThemeChoice()), []);
  return (
    // Refetching the session now and then rewrites the cookie with a freshly checked role.
    <SessionProvider refetchInterval={5 * 60} refetchOnWindowFocus>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </SessionProvider>
  );
}
