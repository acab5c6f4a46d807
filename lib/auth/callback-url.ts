// Where to go after signing in. Only paths on this site are honoured, so a crafted link cannot use our
// sign-in page to send someone elsewhere (an open redirect).

/** A same-site path for `raw`, or '/' when it is missing, foreign, or points back at the sign-in page. */
export function safeCallbackUrl(raw: string | null | undefined): string {
  if (!raw) return '/';
  let path: string;
  try {
    // Absolute URLs (next-auth sometimes sends them) keep only their path; relative ones must start with '/'.
    const url = new URL(raw, 'http://placeholder.invalid');
    if (!/^https?:$/.test(url.protocol)) return '/';
    if (!/^[a-z][a-z0-9+.-]*:/i.test(raw) && !raw.startsWith('/')) return '/';
    path = `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
  // '//evil.example' and '/\evil.example' are protocol-relative URLs to browsers.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  if (path === '/sign-in' || path.startsWith('/sign-in?') || path.startsWith('/sign-in/')) return '/';
  return path;
}
