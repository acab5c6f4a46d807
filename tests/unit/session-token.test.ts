// Session tokens: the console's codec must read what next-auth wrote (sessions survive an upgrade) and write what
// next-auth reads (and a downgrade), and refuse a token of another secret or one past its time.
import { describe, expect, it } from 'vitest';
import { decode, encode } from 'next-auth/jwt';
import { decodeSessionToken, sessionTokenCodec } from '@/lib/auth/jwt';

const secret = 'a-secret-long-enough-for-a-session-token';
const claims = { uid: 7, role: 'operator' as const, sid: 'c9b1e0c6', name: 'Ada' };

describe('session tokens', () => {
  it("reads next-auth's tokens, and next-auth reads the console's", async () => {
    const theirs = await encode({ token: claims, secret, maxAge: 60 });
    expect(await decodeSessionToken({ token: theirs, secret })).toMatchObject(claims);
    const ours = await sessionTokenCodec.encode({ token: claims, secret, maxAge: 60 });
    const read = await decode({ token: ours, secret });
    expect(read).toMatchObject(claims);
    // A minute from its issue, as asked, and a token id of its own each time.
    expect(Number(read!.exp) - Number(read!.iat)).toBe(60);
    expect(read!.jti).not.toBe(
      (await decode({ token: await sessionTokenCodec.encode({ token: claims, secret }), secret }))!.jti,
    );
  });

  it('refuses a token written with another secret, or past its time', async () => {
    const other = await encode({ token: claims, secret: `${secret}-rotated` });
    await expect(decodeSessionToken({ token: other, secret })).rejects.toThrow();
    // Expired five minutes ago: beyond the 15 s allowed for clocks that disagree.
    const expired = await sessionTokenCodec.encode({ token: claims, secret, maxAge: -300 });
    await expect(decodeSessionToken({ token: expired, secret })).rejects.toThrow(/exp/);
    expect(await decodeSessionToken({ token: undefined, secret })).toBeNull();
  });
});
