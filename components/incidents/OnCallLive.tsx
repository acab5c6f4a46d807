'use client';

// The on-call screen, kept fresh by polling, driven from the keyboard: j/k or the arrows move the selection (focus
// follows it, so a screen reader reads the incident), `a` acknowledges the selected incident, Enter or `o` opens it,
// `?` lists the shortcuts. Each acknowledgement carries an idempotency key kept until it is answered, so a key held
// down or a network retry acknowledges once.
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { newIdempotencyKey } from '@/components/forms/useActionForm';
import { LivePanel, type LiveProps } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
import { Banner, Card, EmptyState, IconCheck, type Tone } from '@/components/ui';
import { acknowledgeIncident } from '@/lib/actions/incidents';
import { formatAge, formatCount } from '@/lib/domain/units';
import type { IncidentRow, OnCall } from '@/lib/queries/incidents/types';
import { OnCallRows } from './OnCallRows';
import { Kbd, ShortcutHelp } from './ShortcutHelp';
import styles from './incidents.module.css';

export const ON_CALL_KEY = ['incidents', 'on-call'] as const;

interface Props extends LiveProps<OnCall> {
  canAct: boolean;
}

/** Keys typed into a field, inside an open dialog (an action's confirmation), or with a modifier are not shortcuts. */
function ignored(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  if (target.closest?.('dialog[open]')) return true;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function OnCallLive({ initial, initialError, query, refreshSeconds, canAct }: Props) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const live = useLive<OnCall>([...ON_CALL_KEY, query], `/api/incidents?${query}`, initial, refreshSeconds);
  const rows = live.data?.rows;
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const selected = rows?.find((row) => row.id === selectedId) ?? rows?.[0] ?? null;
  const [helpOpen, setHelpOpen] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: Tone; text: string } | null>(null);
  const [acknowledging, setAcknowledging] = useState<ReadonlySet<number>>(new Set());
  const keys = useRef(new Map<number, string>());
  const links = useRef(new Map<number, HTMLAnchorElement>());

  const linkRef = useCallback(
    (id: number) => (element: HTMLAnchorElement | null) => {
      if (element) links.current.set(id, element);
      else links.current.delete(id);
    },
    [],
  );

  const acknowledge = async (row: IncidentRow) => {
    if (!canAct) {
      setOutcome({ tone: 'warn', text: 'Acknowledging needs the operator role; you can read everything here.' });
      return;
    }
    if (row.state !== 'open') {
      setOutcome({ tone: 'info', text: `“${row.title}” is ${row.state} already.` });
      return;
    }
    if (acknowledging.has(row.id)) return;
    let key = keys.current.get(row.id);
    if (!key) {
      key = newIdempotencyKey();
      keys.current.set(row.id, key);
    }
    setAcknowledging((current) => new Set(current).add(row.id));
    try {
      const result = await acknowledgeIncident({ id: row.id, seenState: row.state, idempotencyKey: key });
      setOutcome(
        result.ok
          ? { tone: 'ok', text: `Acknowledged “${row.title}”.` }
          : { tone: 'bad', text: `“${row.title}” was not acknowledged. ${result.error}` },
      );
      keys.current.delete(row.id);
    } catch {
      // The request never got an answer: keep the key, so that trying again cannot acknowledge twice.
      setOutcome({ tone: 'bad', text: `No answer from the console; “${row.title}” may not be acknowledged.` });
    } finally {
      setAcknowledging((current) => {
        const next = new Set(current);
        next.delete(row.id);
        return next;
      });
      await queryClient.invalidateQueries({ queryKey: ON_CALL_KEY });
    }
  };

  const select = (row: IncidentRow | undefined) => {
    if (!row) return;
    setSelectedId(row.id);
    links.current.get(row.id)?.focus();
  };

  // The handler reads the latest render's state through this ref, so it is registered once.
  const latest = useRef({ rows, selected, helpOpen, acknowledge, select });
  useEffect(() => {
    latest.current = { rows, selected, helpOpen, acknowledge, select };
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (ignored(event)) return;
      const { rows: list = [], selected: current, helpOpen: helpShown } = latest.current;
      if (event.key === '?') {
        event.preventDefault();
        setHelpOpen((open) => !open);
        return;
      }
      if (helpShown) return;
      const index = current ? list.findIndex((row) => row.id === current.id) : -1;
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          event.preventDefault();
          latest.current.select(list[Math.min(list.length - 1, index + 1)]);
          break;
        case 'k':
        case 'ArrowUp':
          event.preventDefault();
          latest.current.select(list[Math.max(0, index - 1)]);
          break;
        case 'a':
          if (!current) return;
          event.preventDefault();
          void latest.current.acknowledge(current);
          break;
        case 'o':
        case 'Enter': {
          // Enter on a focused link or button does what that element does.
          const target = event.target as HTMLElement;
          if (event.key === 'Enter' && target.closest('a, button, summary')) return;
          if (!current) return;
          event.preventDefault();
          router.push(`/incidents/${current.id}`);
          break;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router]);

  return (
    <LivePanel live={live} initialError={initialError} loading="Loading incidents…">
      {(data, { now, receivedAt }) => {
        const pages = data.rows.filter((row) => row.severity === 'page').length;
        const unacknowledged = data.rows.filter((row) => row.state === 'open').length;
        return (
          <>
            <p className={styles.keyHint}>
              <span>Updated {formatAge(new Date(receivedAt), new Date(now))}</span>
              <span aria-hidden>·</span>
              <span>
                <Kbd>j</Kbd> <Kbd>k</Kbd> move,{' '}
                {canAct && (
                  <>
                    <Kbd>a</Kbd> acknowledges,{' '}
                  </>
                )}
                <Kbd>Enter</Kbd> opens, <Kbd>?</Kbd> all shortcuts
              </span>
            </p>
            {outcome && (
              <Banner
                tone={outcome.tone}
                announce={outcome.tone === 'bad' ? 'alert' : 'status'}
                data-testid="on-call-outcome"
              >
                {outcome.text}
              </Banner>
            )}
            <Card
              title={
                data.rows.length === 0
                  ? 'Nothing unresolved'
                  : `${formatCount(data.rows.length)} unresolved: ${formatCount(pages)} page${pages === 1 ? '' : 's'}, ${formatCount(unacknowledged)} not acknowledged`
              }
              description="Pages first, then the oldest first"
              flush
              data-testid="on-call"
            >
              {data.rows.length === 0 ? (
                <EmptyState
                  icon={<IconCheck size={18} />}
                  title="No unresolved incidents"
                  description="Health rules, burn-rate, budget and Alertmanager alerts open one when something needs a person."
                />
              ) : (
                <OnCallRows
                  rows={data.rows}
                  now={now}
                  timeZone={data.timeZone}
                  selectedId={selected?.id ?? null}
                  canAct={canAct}
                  acknowledging={acknowledging}
                  onSelect={setSelectedId}
                  onAcknowledge={(row) => void acknowledge(row)}
                  linkRef={linkRef}
                />
              )}
            </Card>
            <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} canAct={canAct} />
          </>
        );
      }}
    </LivePanel>
  );
}
