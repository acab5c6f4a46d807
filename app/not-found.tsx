import { IntentLink } from '@/components/ui/IntentLink';
import styles from '@/components/auth/AuthScreen.module.css';
import { buttonClass } from '@/components/ui/Button';

export const metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <main className={styles.screen}>
      <div className={styles.panel}>
        <p className={styles.code}>404</p>
        <h1 className={styles.heading}>This page does not exist</h1>
        <p className="muted">The address may be mistyped, or what it pointed to has been removed.</p>
        <IntentLink href="/" className={buttonClass({ variant: 'primary' })}>
          Go to the overview
        </IntentLink>
      </div>
    </main>
  );
}
