// Session tokens exactly as next-auth writes them (a JWE, `dir` + A256GCM, its key derived from the secret by HKDF),
// with the key derived once per secret instead of on every call: next-auth derives it anew for each decode and
// encode, on libuv's thread pool, and a signed-in request decodes twice and encodes once (the proxy, then the
// session check). Tokens stay interchangeable with next-auth's own encode and decode.
import { hkdfSync, randomUUID } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { JWT, JWTDecodeParams, JWTEncodeParams } from 'next-auth/jwt';

/** next-auth's default session lifetime, used when a caller gives none. */
const DEFAULT_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

const keys = new Map<string, Uint8Array>();

function keyFor(secret: string | Buffer, salt = ''): Uint8Array {
  const id = `${secret.toString()}\u0000${salt}`;
  let key = keys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ''}`;
    key = new Uint8Array(hkdfSync('sha256', secret, salt, info, 32));
    keys.set(id, key);
  }
  return key;
}

export async function encodeSessionToken({ token = {}, secret, maxAge, salt }: JWTEncodeParams): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt(now)
    .setExpirationTime(now + (maxAge ?? DEFAULT_MAX_AGE_SECONDS))
    .setJti(randomUUID())
    .encrypt(keyFor(secret, salt));
}

export async function decodeSessionToken({ token, secret, salt }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, keyFor(secret, salt), { clockTolerance: 15 });
  return payload as JWT;
}

/** For next-auth's options and the proxy's getToken. */
export const sessionTokenCodec = { encode: encodeSessionToken, decode: decodeSessionToken };
