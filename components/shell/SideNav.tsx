'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import {
  IconAdmin,
  IconAudit,
  IconBudget,
  IconCost,
  IconFleet,
  IconIncident,
  IconJobs,
  IconMonitor,
  IconOverview,
  IconPeople,
  IconRecovery,
  IconReport,
  IconSend,
  IconTarget,
} from '@/components/ui/icons';
import { IntentLink } from '@/components/ui/IntentLink';
import { CLUSTER_PARAM } from '@/lib/clusters/scope';
import styles from './Shell.module.css';

type NavItem = { href: string; label: string; Icon: typeof IconOverview; also?: string[]; adminOnly?: boolean };

// Pages join the navigation as they ship. `also`: pages that belong under an item without sharing its path
// (a node's page is part of the fleet); `adminOnly`: hidden from others here, refused to them by the server.
const ITEMS: NavItem[] = [
  { href: '/', label: 'Overview', Icon: IconOverview },
  { href: '/fleet', label: 'Fleet map', Icon: IconFleet, also: ['/nodes'] },
  { href: '/jobs', label: 'Jobs', Icon: IconJobs },
  { href: '/waste', label: 'Idle and waste', Icon: IconCost },
  { href: '/on-call', label: 'On-call', Icon: IconIncident, also: ['/incidents'] },
  { href: '/recovery', label: 'Recovery', Icon: IconRecovery },
  { href: '/nodes/lemons', label: 'Lemon nodes', Icon: IconFleet },
  { href: '/sources', label: 'Data sources', Icon: IconMonitor },
  { href: '/slos', label: 'SLOs', Icon: IconTarget },
  { href: '/costs', label: 'Costs', Icon: IconCost },
  { href: '/budgets', label: 'Budgets', Icon: IconBudget },
  { href: '/reports', label: 'Reports', Icon: IconReport },
  { href: '/admin/rates', label: 'Rates', Icon: IconAdmin, adminOnly: true },
  { href: '/admin/channels', label: 'Channels', Icon: IconSend, adminOnly: true },
  { href: '/admin/users', label: 'People', Icon: IconPeople, adminOnly: true },
  { href: '/admin/recovery', label: 'Recovery policies', Icon: IconAdmin, adminOnly: true },
  { href: '/admin/audit', label: 'Audit log', Icon: IconAudit, adminOnly: true },
];

const under = (pathname: string, base: string) => pathname === base || pathname.startsWith(`${base}/`);

export function isActive(item: Pick<NavItem, 'href' | 'also'>, pathname: string): boolean {
  if (item.href === '/') return pathname === '/';
  return [item.href, ...(item.also ?? [])].some((base) => under(pathname, base));
}

/** The one item a path belongs to: of those it is under, the one with the longest base (/nodes/lemons over /nodes). */
function activeHref(items: NavItem[], pathname: string): string | undefined {
  const depth = (item: NavItem) =>
    Math.max(...[item.href, ...(item.also ?? [])].map((base) => (under(pathname, base) ? base.length : -1)));
  return items.filter((item) => isActive(item, pathname)).sort((a, b) => depth(b) - depth(a))[0]?.href;
}

/** The console's main navigation. Admin is hidden from non-admins here, and refused to them by the server. */
export function SideNav({ showAdmin }: { showAdmin: boolean }) {
  const pathname = usePathname() ?? '/';
  // The cluster a page is scoped to stays chosen from page to page.
  const cluster = useSearchParams().get(CLUSTER_PARAM);
  const hrefOf = (href: string) => (cluster ? `${href}?${new URLSearchParams({ [CLUSTER_PARAM]: cluster })}` : href);
  const current = activeHref(ITEMS, pathname);
  return (
    <nav aria-label="Main" className={styles.nav}>
      <ul className={styles.navList}>
        {ITEMS.filter((item) => showAdmin || !item.adminOnly).map((item) => {
          const active = item.href === current;
          return (
            <li key={item.href}>
              <IntentLink
                href={hrefOf(item.href)}
                className={styles.navLink}
                aria-current={active ? 'page' : undefined}
              >
                <item.Icon />
                <span>{item.label}</span>
              </IntentLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
