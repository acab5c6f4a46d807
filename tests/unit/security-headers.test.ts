// The headers every answer carries, and the session cookie's flags: what keeps pages from being framed by another
// site, scripts from running unless the page put them there, and cookies off plain http when the console is https.
import type { NextConfig } from 'next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '@/lib/http/csp';

// Plain JavaScript, read as Next reads it.
const configFile = '../../next.config.js';
const { default: nextConfig } = (await import(configFile)) as { default: NextConfig };

vi.mock('server-only', () => ({}));

describe('security headers', () => {
  it('sends every answer with no framing, no sniffing, no referrer beyond the origin and no browser powers', async () => {
    const rules = await nextConfig.headers!();
    expect(rules).toEqual([{ source: '/:path*', headers: expect.any(Array) }]);
    const headers = Object.fromEntries(rules[0].headers.map(({ key, value }) => [key.toLowerCase(), value]));
    expect(headers).toMatchObject({
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
    expect(headers['permissions-policy']).toContain('camera=()');
  });

  it("gives pages a policy that forbids framing and runs only the page's own, nonced scripts", () => {
    const policy = contentSecurityPolicy('abc123', false);
    const directives = Object.fromEntries(
      policy.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1).join(' ')]),
    );
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(directives['script-src']).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['form-action']).toBe("'self'");
    expect(policy).not.toContain('unsafe-eval');
  });
});

describe('session cookies', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('are Secure and __Secure- prefixed when the public URL is https', async () => {
    vi.stubEnv('NEXTAUTH_URL', 'https://fleet.example.com');
    vi.stubEnv('NEXTAUTH_SECRET', 'a-test-secret-of-sixteen-or-more');
    const { authOptions } = await import('@/lib/auth/options');
    expect(authOptions.useSecureCookies).toBe(true);
  });

  it('are plain on an http address (a laptop, the tests)', async () => {
    vi.stubEnv('NEXTAUTH_URL', 'http://localhost:3000');
    const { authOptions } = await import('@/lib/auth/options');
    expect(authOptions.useSecureCookies).toBe(false);
  });
});
