export { db, type Db } from './client';
export { Prisma } from '@/lib/generated/prisma/client';
