import { defineConfig } from 'prisma/config';

// The datasource URL is only needed by `prisma migrate deploy` for users who run Prisma's own CLI;
// Fleet Console applies migrations itself (scripts/migrate.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/fleet' },
});
