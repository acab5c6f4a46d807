// The Content-Security-Policy of every page: scripts only from this origin and with this response's nonce (Next
// puts it on its own scripts; the root layout on the theme script), nothing loaded from elsewhere, no plugins, and
// no framing by any site. Built per request in the proxy, because the nonce is new each time.
export function contentSecurityPolicy(nonce: string, development = process.env.NODE_ENV !== 'production'): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonced ones load (Next's chunks) are trusted; React's dev tools need eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // Charts and layout set style attributes inline.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
