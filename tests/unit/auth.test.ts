import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '@/lib/domain/enums';

// session.ts is server code: stub what it reaches for (the Next runtime, next-auth and the database behind
// the options) so that only our checks run.
const getServerSession = vi.hoisted(() => vi.fn());
vi.mock('server-only', () => ({}));
vi.mock('next-auth', () => ({ getServerSession }));
vi.mock('next/navigation', () => ({
  redirect: (path: string) => {
    throw new Error(`redirect:${path}`);
  },
}));
vi.mock('@/lib/auth/options', () => ({ authOptions: {} }));

const { authorize, requireRole, requireUser, ForbiddenError, UnauthenticatedError } =
  await import('@/lib/auth/session');
const { safeCallbackUrl } = await import('@/lib/auth/callback-url');
const { isActive } = await import('@/components/shell/SideNav');

const user = (role: Role) => ({ id: 7, name: 'Ada', email: 'ada@fleet.local', role });

describe('authorize', () => {
  const cases: [Role, Role, boolean][] = [
    ['viewer', 'viewer', true],
    ['viewer', 'operator', false],
    ['viewer', 'admin', false],
    ['operator', 'viewer', true],
    ['operator', 'operator', true],
    ['operator', 'admin', false],
    ['admin', 'viewer', true],
    ['admin', 'operator', true],
    ['admin', 'admin', true],
  ];
  it.each(cases)('lets a %s do what needs %s: %s', (role, required, allowed) => {
    expect(authorize(user(role), required)).toBe(allowed);
  });

  it('refuses when there is no user', () => {
    expect(authorize(null, 'viewer')).toBe(false);
    expect(authorize(undefined, 'viewer')).toBe(false);
  });

  it('refuses a role it does not know, from an old or forged token', () => {
    expect(authorize({ role: 'superuser' as Role }, 'viewer')).toBe(false);
  });

  it('refuses when asked for a role it does not know, rather than letting everyone through', () => {
    expect(authorize(user('admin'), 'root' as Role)).toBe(false);
  });
});

describe('requireRole', () => {
  beforeEach(() => getServerSession.mockReset());

  it('returns the user when their role suffices', async () => {
    getServerSession.mockResolvedValue({ user: user('operator') });
    await expect(requireRole('operator')).resolves.toMatchObject({ id: 7, role: 'operator' });
  });

  it('throws ForbiddenError (403) naming both roles when the role is too low', async () => {
    getServerSession.mockResolvedValue({ user: user('viewer') });
    const error = await requireRole('admin').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, code: 'forbidden', required: 'admin', actual: 'viewer' });
  });

  it('throws UnauthenticatedError (401) without a session', async () => {
    getServerSession.mockResolvedValue(null);
    await expect(requireRole('viewer')).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('treats a revoked session (no user in it) as no session', async () => {
    getServerSession.mockResolvedValue({});
    await expect(requireRole('viewer')).rejects.toMatchObject({ status: 401 });
  });
});

describe('requireUser', () => {
  it('sends a visitor without a session to the sign-in page', async () => {
    getServerSession.mockResolvedValue(null);
    await expect(requireUser()).rejects.toThrow('redirect:/sign-in');
  });
});

describe('safeCallbackUrl', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeCallbackUrl('/jobs?state=failed')).toBe('/jobs?state=failed');
  });

  it('keeps only the path of an absolute URL, so the host cannot be changed', () => {
    expect(safeCallbackUrl('http://127.0.0.1:3100/fleet')).toBe('/fleet');
    expect(safeCallbackUrl('https://evil.example/steal')).toBe('/steal');
  });

  it('falls back to the overview for anything that could leave the site or loop', () => {
    for (const raw of [
      undefined,
      null,
      '',
      'jobs',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/sign-in?callbackUrl=/x',
    ]) {
      expect(safeCallbackUrl(raw)).toBe('/');
    }
  });
});

describe('the navigation item marked current', () => {
  it('marks Overview only on the overview itself', () => {
    expect(isActive({ href: '/' }, '/')).toBe(true);
    expect(isActive({ href: '/' }, '/jobs')).toBe(false);
  });

  it('marks an item on its own pages and on the pages that belong under it', () => {
    const fleet = { href: '/fleet', also: ['/nodes'] };
    expect(isActive(fleet, '/fleet')).toBe(true);
    expect(isActive(fleet, '/nodes/gpu-node-017')).toBe(true);
    expect(isActive(fleet, '/fleetwide')).toBe(false);
  });
});
