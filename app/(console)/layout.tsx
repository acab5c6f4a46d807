// The shell around every page behind a session: navigation, the signed-in user, theme, sign-out.
import { IntentLink } from '@/components/ui/IntentLink';
import { Suspense, type ReactNode } from 'react';
import { ClusterPicker } from '@/components/shell/ClusterPicker';
import { SearchBox } from '@/components/shell/SearchBox';
import { SideNav } from '@/components/shell/SideNav';
import { SignOutButton } from '@/components/shell/SignOutButton';
import { ThemeToggle } from '@/components/shell/ThemeToggle';
import { Badge } from '@/components/ui/Badge';
import { IconLogo } from '@/components/ui/icons';
import { authorize, requireUser } from '@/lib/auth/session';
import { clusters } from '@/lib/clusters/config';
import type { Role } from '@/lib/domain/enums';
import styles from '@/components/shell/Shell.module.css';

const ROLE_LABELS: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', admin: 'Admin' };

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('') || '?';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className={styles.shell}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className={styles.sidebar}>
        <IntentLink href="/" className={styles.brand}>
          <IconLogo size={18} className={styles.brandMark} />
          Fleet Console
        </IntentLink>
        <Suspense>
          <SideNav showAdmin={authorize(user, 'admin')} />
        </Suspense>
      </div>
      <div className={styles.main}>
        <header className={styles.topbar}>
          <SearchBox />
          <Suspense>
            <ClusterPicker clusters={clusters().map(({ name, region }) => ({ name, region }))} />
          </Suspense>
          <div className="spacer" />
          <ThemeToggle />
          <p className={styles.user} title={user.email}>
            <span className={styles.avatar} aria-hidden>
              {initials(user.name || user.email)}
            </span>
            <span className="visually-hidden">Signed in as </span>
            <span className={styles.userName}>{user.name || user.email}</span>
            <Badge tone="neutral" icon={false}>
              {ROLE_LABELS[user.role]}
            </Badge>
          </p>
          <SignOutButton />
        </header>
        <main id="main" tabIndex={-1} className={styles.content}>
          {children}
        </main>
      </div>
    </div>
  );
}
