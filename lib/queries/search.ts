// The header's search: jobs (by name or id), nodes (by hostname), incidents (by title or number) and teams (by
// name) matching what was typed, the closest first: an exact match, then a prefix, then anywhere in the name.
// Jobs that are still running or waiting come before ended ones.
import 'server-only';
import { db } from '@/lib/db';
import type { IncidentSeverity, IncidentState, JobHealth, JobState, NodeState } from '@/lib/domain/enums';

export const SEARCH_LIMIT = 6;

export type SearchHit =
  | { type: 'job'; id: number; label: string; detail: string; state: JobState; health: JobHealth; href: string }
  | { type: 'node'; id: number; label: string; detail: string; state: NodeState; href: string }
  | {
      type: 'incident';
      id: number;
      label: string;
      detail: string;
      state: IncidentState;
      severity: IncidentSeverity;
      href: string;
    }
  | { type: 'team'; id: number; label: string; detail: string; href: string };

export interface SearchAnswer {
  query: string;
  hits: SearchHit[];
}

/** LIKE's wildcards taken literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

export async function search(query: string): Promise<SearchAnswer> {
  const text = query.trim().slice(0, 100);
  if (!text) return { query: text, hits: [] };
  const lower = text.toLowerCase();
  const anywhere = `%${escapeLike(lower)}%`;
  const prefix = `${escapeLike(lower)}%`;
  const number = /^#?\d{1,9}$/.test(text) ? Number(text.replace('#', '')) : null;

  const [jobs, nodes, incidents, teams] = await Promise.all([
    db.$queryRaw<{ id: number; name: string; external_id: string; state: JobState; health: JobHealth; team: string }[]>`
      SELECT j.id, j.name, j.external_id, j.state::text AS state, j.health::text AS health, t.name AS team
      FROM job j JOIN team t ON t.id = j.team_id
      WHERE lower(j.name) LIKE ${anywhere} OR lower(j.external_id) LIKE ${anywhere}
      ORDER BY (lower(j.name) = ${lower} OR lower(j.external_id) = ${lower}) DESC,
               (lower(j.name) LIKE ${prefix} OR lower(j.external_id) LIKE ${prefix}) DESC,
               (j.state IN ('pending', 'running', 'recovering')) DESC, j.submitted_at DESC
      LIMIT ${SEARCH_LIMIT}`,
    db.$queryRaw<{ id: number; hostname: string; state: NodeState; pool: string }[]>`
      SELECT n.id, n.hostname, n.state::text AS state, p.name AS pool
      FROM node n JOIN pool p ON p.id = n.pool_id
      WHERE lower(n.hostname) LIKE ${anywhere}
      ORDER BY (lower(n.hostname) = ${lower}) DESC, (lower(n.hostname) LIKE ${prefix}) DESC, n.hostname
      LIMIT ${SEARCH_LIMIT}`,
    db.$queryRaw<{ id: number; title: string; state: IncidentState; severity: IncidentSeverity; opened_at: Date }[]>`
      SELECT i.id, i.title, i.state::text AS state, i.severity::text AS severity, i.opened_at
      FROM incident i
      WHERE lower(i.title) LIKE ${anywhere} OR i.id = ${number}
      ORDER BY (i.id = ${number}) DESC NULLS LAST, (i.state <> 'resolved') DESC, i.opened_at DESC
      LIMIT ${SEARCH_LIMIT}`,
    db.$queryRaw<{ id: number; name: string; jobs: number }[]>`
      SELECT t.id, t.name,
             (SELECT count(*)::int FROM job j WHERE j.team_id = t.id AND j.state IN ('pending', 'running', 'recovering')) AS jobs
      FROM team t WHERE lower(t.name) LIKE ${anywhere}
      ORDER BY (lower(t.name) LIKE ${prefix}) DESC, t.name
      LIMIT ${SEARCH_LIMIT}`,
  ]);

  const hits: SearchHit[] = [
    ...jobs.map((job) => ({
      type: 'job' as const,
      id: job.id,
      label: job.name,
      detail: `${job.external_id} · ${job.team}`,
      state: job.state,
      health: job.health,
      href: `/jobs/${job.id}`,
    })),
    ...nodes.map((node) => ({
      type: 'node' as const,
      id: node.id,
      label: node.hostname,
      detail: node.pool,
      state: node.state,
      href: `/nodes/${node.id}`,
    })),
    ...incidents.map((incident) => ({
      type: 'incident' as const,
      id: incident.id,
      label: incident.title,
      detail: `#${incident.id}`,
      state: incident.state,
      severity: incident.severity,
      href: `/incidents/${incident.id}`,
    })),
    ...teams.map((team) => ({
      type: 'team' as const,
      id: team.id,
      label: team.name,
      detail: `${team.jobs} job${team.jobs === 1 ? '' : 's'} not ended`,
      href: `/jobs?${new URLSearchParams({ team: team.name })}`,
    })),
  ];
  return { query: text, hits };
}
