export { db } from './client';
export { DatabaseUnavailableError, isDatabaseBusy, isDatabaseUnavailable } from './errors';
export { Prisma } from '@/lib/generated/prisma/client';
export { boundedTransaction, BusyError, type Tx } from './transaction';
