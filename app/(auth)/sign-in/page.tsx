import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/SignInForm';
import styles from '@/components/auth/AuthScreen.module.css';
import { IconLogo } from '@/components/ui/icons';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { oidcProvider } from '@/lib/auth/options';
import { getCurrentUser } from '@/lib/auth/session';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Sign in' };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: { searchParams: PageSearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(first(params.callbackUrl));
  if (await getCurrentUser()) redirect(callbackUrl);

  return (
    <main className={styles.screen}>
      <div className={styles.panel}>
        <p className={styles.brand}>
          <IconLogo size={20} className={styles.brandMark} />
          Fleet Console
        </p>
        <p className={styles.tagline}>
          Operations for large GPU clusters: live fleet, incidents, recovery, cost and SLOs.
        </p>
        <h1 className={styles.heading}>Sign in</h1>
        <SignInForm callbackUrl={callbackUrl} oidc={oidcProvider()} initialError={first(params.error) ?? null} />
      </div>
      <p className={styles.footnote}>Accounts are managed by your console administrators.</p>
    </main>
  );
}
