export { db } from './client';
export { DatabaseUnavailableError, isDatabaseUnavailable } from './errors';
export { Prisma } from '@/lib/generated/prisma/client';
