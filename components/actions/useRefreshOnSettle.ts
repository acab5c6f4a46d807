'use client';

// A page shows an action's outcome when it lands: once asked, the action is followed until it has finished
// (succeeded or failed), then every live read on the page is read again and its server-rendered parts re-rendered,
// so a cordoned node says Cordoned and offers Uncordon without a reload, wherever the action was asked from.
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { fetchApi } from '@/components/live/fetch-api';
import type { RequestedAction } from '@/lib/ops/request';
import { isActive } from './labels';
import type { RecentActionsAnswer } from './queries';
import { MINUTE_MS } from '@/lib/domain/time';

const POLL_MS = 2_000;
/** Long enough for a node's reboot or replacement; the executor fails an action that takes longer. */
const FOLLOW_FOR_MS = 20 * MINUTE_MS;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

async function finished(action: RequestedAction, signal: AbortSignal): Promise<boolean> {
  const search = new URLSearchParams({
    targetType: action.target.type,
    targetId: String(action.target.id),
    limit: '20',
  });
  const deadline = Date.now() + FOLLOW_FOR_MS;
  while (!signal.aborted && Date.now() < deadline) {
    const answer = await fetchApi<RecentActionsAnswer>(`/api/actions?${search}`, signal).catch(() => null);
    const seen = answer?.actions.find((row) => row.id === action.id);
    if (seen && !isActive(seen.state)) return true;
    await sleep(POLL_MS, signal);
  }
  return false;
}

/** Returns `follow(action)`: call it when an action has been asked. */
export function useRefreshOnSettle() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const aborts = useRef(new Set<AbortController>());
  useEffect(() => {
    const pending = aborts.current;
    return () => pending.forEach((controller) => controller.abort());
  }, []);

  const refresh = () => {
    // Every read but an impact preview, which is read afresh when its dialog opens.
    void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'impact' });
    router.refresh();
  };

  return (action: RequestedAction) => {
    refresh(); // "pending" shows at once
    if (!isActive(action.state)) return;
    const controller = new AbortController();
    aborts.current.add(controller);
    void finished(action, controller.signal).then((done) => {
      aborts.current.delete(controller);
      if (done) refresh();
    });
  };
}
