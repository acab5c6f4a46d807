// Rules about people that every way of changing them shares (the users page, the identity provider's groups):
// the console always keeps an active admin, and a role change or a deactivation ends the person's sessions.
import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { boundedTransaction, type Tx } from '@/lib/db';
import type { Role } from '@/lib/domain/enums';
import { endSessionsOf } from './sessions';

/**
 * Whether `userId` is the last active admin. Every active admin's row is locked until the transaction ends, so
 * two admins demoting each other at the same moment cannot both pass.
 */
export async function isLastAdmin(tx: Tx, userId: number): Promise<boolean> {
  const admins = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM app_user WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`;
  return admins.length > 0 && admins.every((admin) => admin.id === userId);
}

/**
 * The role the identity provider's groups give, applied at sign-in: the person's other sessions end (they carried
 * the old role). The last active admin is kept an admin, and the log says why. Returns the role now held.
 */
export async function applyProviderRole(userId: number, email: string, from: Role, to: Role): Promise<Role> {
  return boundedTransaction(async (tx) => {
    const kept = from === 'admin' && (await isLastAdmin(tx, userId));
    const role = kept ? from : to;
    if (!kept) {
      await tx.user.update({ where: { id: userId }, data: { role } });
      await endSessionsOf(userId, `role changed to ${role} by the identity provider`, tx);
    }
    await recordAudit(
      {
        actor: 'system',
        action: 'user.role',
        targetType: 'user',
        targetId: String(userId),
        input: { email, from, to },
        result: kept ? 'denied' : 'ok',
        message: kept
          ? `the identity provider's groups give ${to}, but ${email} is the last active admin and stays one`
          : `role ${from} -> ${to}, from the identity provider's groups`,
      },
      tx,
    );
    return role;
  });
}
