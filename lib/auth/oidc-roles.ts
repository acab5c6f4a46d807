// Roles from the identity provider: its groups claim (OIDC_ROLE_CLAIM, a dotted path such as realm_access.roles
// for Keycloak) read against OIDC_ROLE_MAP at every sign-in, so that who may do what is managed where people are.
import { ROLES, type Role } from '@/lib/domain/enums';

/** The claim's values: a list of strings, or one string of names separated by commas or spaces. */
export function claimValues(profile: Record<string, unknown>, claim: string): string[] {
  let value: unknown = profile;
  for (const part of claim.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The role a person's groups give: the highest any of their groups maps to, else `fallback` (OIDC_DEFAULT_ROLE,
 * 'none' to refuse). Null when no map is configured: the console's own stored role stands.
 */
export function roleFromGroups(
  profile: Record<string, unknown>,
  claim: string,
  map: Record<string, Role>,
  fallback: Role | 'none',
): Role | 'none' | null {
  if (!Object.keys(map).length) return null;
  const granted = claimValues(profile, claim)
    .map((group) => map[group])
    .filter((role): role is Role => role !== undefined);
  if (!granted.length) return fallback;
  return ROLES[Math.max(...granted.map((role) => ROLES.indexOf(role)))];
}
