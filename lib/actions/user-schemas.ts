// What the users page sends, shared by its forms (field messages) and the actions (the real check).
import { z } from 'zod';
import { ROLES } from '@/lib/domain/enums';
import { idField } from '@/lib/ids';
import { blankAsUndefined, reason } from './fields';

const userId = idField('is not a user');
const role = z.enum(ROLES, { error: 'choose viewer, operator or admin' });

export const MIN_PASSWORD_LENGTH = 12;

export const createUserSchema = z.object({
  email: z
    .string({ error: 'is required' })
    .trim()
    .toLowerCase()
    .max(254, 'must be at most 254 characters')
    .pipe(z.email({ error: 'must be an email address' })),
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  role,
  password: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters, or empty for single sign-on only`)
      .max(200, 'must be at most 200 characters')
      .optional(),
  ),
  reason,
});

export const setUserRoleSchema = z.object({ id: userId, role, reason });

export const setUserActiveSchema = z.object({
  id: userId,
  active: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true'),
  reason,
});
