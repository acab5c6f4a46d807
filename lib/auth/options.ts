// next-auth configuration: email + password for everyone, OpenID Connect when it is configured.
// Sessions are JWTs so that any number of web processes can serve them, and each names a user_session row that
// signing out, a role change or deactivation ends (sessions.ts): the token stops working everywhere within seconds.
import type { AuthOptions, User } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { env } from '@/lib/env';
import { ROLES, type Role } from '@/lib/domain/enums';
import { admitOidcUser, findAccountByEmail, type SignedInAccount, verifyPassword } from './accounts';
import { roleFromGroups } from './oidc-roles';
import { endSession, sessionState, startSession } from './sessions';
import { clientAddress } from './throttle';
import { sessionTokenCodec } from './jwt';
import { authSecret } from './secret';

export const OIDC_PROVIDER_ID = 'oidc';

type OidcProfile = {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
};

/** The single-sign-on button's provider, or null when OIDC is not configured. */
export function oidcProvider(): { id: string; name: string } | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME } = env();
  return OIDC_ISSUER && OIDC_CLIENT_ID && OIDC_CLIENT_SECRET ? { id: OIDC_PROVIDER_ID, name: OIDC_NAME } : null;
}

function oidcProviders(): OAuthConfig<OidcProfile>[] {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME } = env();
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: OIDC_PROVIDER_ID,
      name: OIDC_NAME,
      type: 'oauth',
      wellKnown: `${OIDC_ISSUER.replace(/\/+$/, '')}/.well-known/openid-configuration`,
      clientId: OIDC_CLIENT_ID,
      clientSecret: OIDC_CLIENT_SECRET,
      idToken: true,
      checks: ['pkce', 'state'],
      authorization: { params: { scope: 'openid email profile' } },
      profile: (profile) => ({
        id: profile.sub,
        email: profile.email ?? null,
        name: profile.name ?? profile.preferred_username ?? profile.email ?? profile.sub,
      }),
    },
  ];
}

const toUser = (account: SignedInAccount): User => ({
  id: String(account.id),
  name: account.name,
  email: account.email,
  role: account.role,
});

const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

function signedInToken(token: JWT, account: SignedInAccount, sessionId: string): JWT {
  return {
    ...token,
    sub: String(account.id),
    uid: account.id,
    sid: sessionId,
    name: account.name,
    email: account.email,
    role: account.role,
  };
}

/**
 * The token as its session stands now: the role and name re-read (at most every few seconds per process), or
 * revoked (no uid) once the session has ended or the account is disabled. A token from before sessions had rows
 * has no session id and is revoked: its holder signs in again.
 */
async function refreshedToken(token: JWT): Promise<JWT> {
  if (typeof token.uid !== 'number') return token;
  try {
    const state = typeof token.sid === 'string' ? await sessionState(token.sid) : null;
    if (!state || state.userId !== token.uid) {
      // Dropping the id revokes the session: getCurrentUser() sees nobody, pages send them to sign in.
      const revoked: JWT = { ...token };
      delete revoked.uid;
      delete revoked.role;
      delete revoked.sid;
      return revoked;
    }
    return { ...token, role: state.role, name: state.name };
  } catch (error) {
    // A database blip must not sign everyone out; keep the last known role and try again next request.
    console.error('[auth] could not re-read the session', error);
    return token;
  }
}

export const authOptions: AuthOptions = {
  secret: authSecret(),
  session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
  jwt: sessionTokenCodec,
  // Behind https (the public URL says so) every cookie is Secure and __Secure-/__Host- prefixed; HttpOnly and
  // SameSite=Lax always.
  useSecureCookies: env().NEXTAUTH_URL?.startsWith('https://') ?? false,
  // Errors (wrong password, access denied, SSO failures) come back to our own form, not next-auth's page.
  pages: { signIn: '/sign-in', error: '/sign-in' },
  providers: [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials, request) {
        const client = clientAddress(request?.headers ?? {});
        const account = await verifyPassword(credentials?.email ?? '', credentials?.password ?? '', client);
        return account ? toUser(account) : null;
      },
    }),
    ...oidcProviders(),
  ],
  events: {
    // Signing out ends this session everywhere, not only the cookie in this browser.
    async signOut({ token }) {
      if (typeof token?.sid === 'string') await endSession(token.sid, 'signed out');
    },
  },
  callbacks: {
    async signIn({ user, account, profile }) {
      // Passwords were checked (and audited) in authorize(); only single sign-on needs a decision here.
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      if (!user.email) return false;
      const { OIDC_ROLE_CLAIM, OIDC_ROLE_MAP, OIDC_DEFAULT_ROLE } = env();
      const claims = (profile ?? {}) as Record<string, unknown>;
      const admitted = await admitOidcUser(
        {
          email: user.email,
          name: user.name ?? '',
          emailVerified: (profile as OidcProfile | undefined)?.email_verified !== false,
        },
        OIDC_PROVIDER_ID,
        roleFromGroups(claims, OIDC_ROLE_CLAIM, OIDC_ROLE_MAP, OIDC_DEFAULT_ROLE),
        OIDC_DEFAULT_ROLE,
      );
      return admitted !== null;
    },
    async jwt({ token, user, account }) {
      if (!user) return refreshedToken(token);
      // On sign-in: credentials users arrive with our id; OIDC users arrive with the provider's subject.
      if (account?.provider === OIDC_PROVIDER_ID) {
        const known = user.email ? await findAccountByEmail(user.email) : null;
        if (!known) throw new Error('AccessDenied');
        return signedInToken(token, known, await startSession(known.id, OIDC_PROVIDER_ID));
      }
      if (!isRole(user.role) || !user.email) throw new Error('AccessDenied');
      const id = Number(user.id);
      return signedInToken(
        token,
        { id, name: user.name ?? user.email, email: user.email, role: user.role },
        await startSession(id, 'credentials'),
      );
    },
    session({ session, token }) {
      if (typeof token.uid !== 'number' || !isRole(token.role)) return { expires: session.expires };
      return {
        expires: session.expires,
        user: { id: token.uid, name: token.name ?? token.email ?? '', email: token.email ?? '', role: token.role },
      };
    },
  },
};
