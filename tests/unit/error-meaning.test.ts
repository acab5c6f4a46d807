// What a page or the audit log says of an unexpected error: its meaning, never a Prisma invocation.
import { describe, expect, it } from 'vitest';
import { errorMeaning } from '@/lib/db/errors';

const prismaError = (message: string, code?: string) =>
  Object.assign(new Error(message), { name: 'PrismaClientKnownRequestError', ...(code ? { code } : {}) });

describe('errorMeaning', () => {
  it('names a known Prisma error by its meaning, without the invocation or the query', () => {
    const error = prismaError(
      'Invalid `prisma.channel.create()` invocation in\n/app/lib/actions/channels.ts:40:7\n\n  37 const x = await tx.channel.create({\n→ 40 data: {…}\n\nUnique constraint failed on the fields: (`name`)',
      'P2002',
    );
    expect(errorMeaning(error)).toBe('it conflicts with a record that already exists');
  });

  it('keeps the last line of another Prisma error, what it says is wrong', () => {
    const error = prismaError(
      'Invalid `prisma.job.findUnique()` invocation:\n\n{ where: { id: 1 } }\n\nValue too long for the column',
    );
    expect(errorMeaning(error)).toBe('a database error: Value too long for the column');
    expect(errorMeaning(error)).not.toMatch(/invocation|prisma\./);
  });

  it('says the database could not be reached, and keeps any other error as it is', () => {
    expect(errorMeaning(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe('the database could not be reached');
    expect(errorMeaning(new Error('slurmrestd answered 502'))).toBe('slurmrestd answered 502');
  });
});
