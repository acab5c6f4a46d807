// GET|POST /api/auth/* - next-auth's endpoints: sign-in, callback, session, csrf, sign-out.
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

const handler = NextAuth(authOptions);

export { handler as GET, handler as POST };
