'use client';

// Writing the page's URL from its controls (filters, the time range, paging): the one way they do it, so each
// change is a navigation the server renders, kept in a transition (the page stays usable, `pending` says it is
// loading) and without a jump to the top. Reading the URL is lib/url-state.ts.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition } from 'react';

type Changes = Record<string, string | number | null | undefined>;

export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();

  /** Goes to this page with `query`: a new history entry, or with `replace` in place of the current one. */
  const navigate = (query: URLSearchParams | string, { replace = false }: { replace?: boolean } = {}) => {
    const text = query.toString();
    const href = text ? `${pathname}?${text}` : pathname;
    startTransition(() => (replace ? router.replace(href, { scroll: false }) : router.push(href, { scroll: false })));
  };

  /** The current query with `changes` applied; a null, undefined or empty value removes its key. */
  const withChanges = (changes: Changes): URLSearchParams => {
    const next = new URLSearchParams(searchParams.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === undefined || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    return next;
  };

  return { searchParams, pathname, pending, navigate, withChanges };
}
