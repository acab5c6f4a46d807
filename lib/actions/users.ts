'use server';

// People (admins): add someone, change a role, deactivate or reactivate. A role change or a deactivation ends the
// person's sessions everywhere; the console always keeps one active admin (lib/auth/users.ts).
import bcrypt from 'bcryptjs';
import { revalidatePath } from 'next/cache';
import { normalizeEmail } from '@/lib/auth/accounts';
import { endSessionsOf } from '@/lib/auth/sessions';
import { isLastAdmin } from '@/lib/auth/users';
import { action, ActionError, type Tx } from './action';
import { createUserSchema, setUserActiveSchema, setUserRoleSchema } from './user-schemas';

const refresh = () => revalidatePath('/admin/users');

async function userOf(tx: Tx, id: number) {
  const user = await tx.user.findUnique({ where: { id } });
  if (!user) throw new ActionError('That person does not exist (any more).', 'not_found');
  return user;
}

export const createUser = action({
  name: 'user.create',
  role: 'admin',
  input: createUserSchema,
  secrets: ['password'],
  target: (input) => ({ type: 'user', id: input.email }),
  async run({ input, tx }) {
    const email = normalizeEmail(input.email);
    const taken = await tx.user.findFirst({ where: { email: { equals: email, mode: 'insensitive' } } });
    if (taken) throw ActionError.field('email', 'someone already has this address');
    const user = await tx.user.create({
      data: {
        email,
        name: input.name,
        role: input.role,
        passwordHash: input.password ? await bcrypt.hash(input.password, 10) : null,
      },
    });
    return { id: user.id, email: user.email, role: user.role };
  },
  after: refresh,
});

export const setUserRole = action({
  name: 'user.role',
  role: 'admin',
  input: setUserRoleSchema,
  target: (input) => ({ type: 'user', id: input.id }),
  async run({ input, tx }) {
    const user = await userOf(tx, input.id);
    if (user.role === input.role) return { id: user.id, role: user.role, sessionsEnded: 0 };
    if (user.role === 'admin' && (await isLastAdmin(tx, user.id))) {
      throw new ActionError(`${user.email} is the last active admin: make someone else an admin first.`, 'conflict');
    }
    await tx.user.update({ where: { id: user.id }, data: { role: input.role } });
    const sessionsEnded = await endSessionsOf(user.id, `role changed to ${input.role}`, tx);
    return { id: user.id, from: user.role, role: input.role, sessionsEnded };
  },
  after: refresh,
});

export const setUserActive = action({
  name: 'user.active',
  role: 'admin',
  input: setUserActiveSchema,
  target: (input) => ({ type: 'user', id: input.id }),
  async run({ input, tx }) {
    const user = await userOf(tx, input.id);
    if (user.disabled === !input.active) return { id: user.id, active: input.active, sessionsEnded: 0 };
    if (!input.active && user.role === 'admin' && (await isLastAdmin(tx, user.id))) {
      throw new ActionError(`${user.email} is the last active admin: make someone else an admin first.`, 'conflict');
    }
    await tx.user.update({ where: { id: user.id }, data: { disabled: !input.active } });
    const sessionsEnded = input.active ? 0 : await endSessionsOf(user.id, 'account deactivated', tx);
    return { id: user.id, active: input.active, sessionsEnded };
  },
  after: refresh,
});
