'use client';

// The two reads behind the buttons: an operation's impact before it is confirmed, and the recent actions on a
// target, polled every few seconds while one of them is still pending or running.
import { useQuery } from '@tanstack/react-query';
import { fetchApi } from '@/components/live/fetch-api';
import type { OperationKind, TargetType } from '@/lib/ops/kinds';
import type { ActionView, ImpactAnswer } from '@/lib/queries/actions';
import { isActive } from './labels';

export interface RecentActionsAnswer {
  generatedAt: string;
  timeZone: string;
  actions: ActionView[];
}

const ACTIVE_REFRESH_MS = 3_000;
const IDLE_REFRESH_MS = 30_000;

/** Every list of one target type starts with this key, so a new action refreshes all of them at once. */
export const actionsKey = (type: TargetType, id?: number) => ['actions', type, id ?? 'all'] as const;

export function useRecentActions(type: TargetType, id: number | undefined, limit: number) {
  const search = new URLSearchParams({ targetType: type, limit: String(limit) });
  if (id !== undefined) search.set('targetId', String(id));
  return useQuery({
    queryKey: [...actionsKey(type, id), limit],
    queryFn: ({ signal }) => fetchApi<RecentActionsAnswer>(`/api/actions?${search}`, signal),
    // Quick while the executor is at work, so its answer shows soon; slow otherwise, for others' actions.
    refetchInterval: (query) =>
      query.state.data?.actions.some((action) => isActive(action.state)) ? ACTIVE_REFRESH_MS : IDLE_REFRESH_MS,
    staleTime: 0,
  });
}

export function useImpact(kind: OperationKind, targetId: number, count: number | undefined, enabled: boolean) {
  const search = new URLSearchParams({ kind, targetId: String(targetId) });
  if (count !== undefined) search.set('count', String(count));
  return useQuery({
    queryKey: ['impact', kind, targetId, count ?? null],
    queryFn: ({ signal }) => fetchApi<ImpactAnswer>(`/api/actions/impact?${search}`, signal),
    enabled,
    // The work at risk grows by the minute: read it afresh each time the dialog opens.
    staleTime: 0,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}
