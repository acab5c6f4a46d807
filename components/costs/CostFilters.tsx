'use client';

// Group by team or project, and keep one team or one kind of job: choices in the URL, like the time range.
import { useUrlState } from '@/components/url/useUrlState';
import { Button } from '@/components/ui';
import { Field } from '@/components/forms/Field';
import { parseCostParams } from '@/lib/cost-params';
import { JOB_KINDS } from '@/lib/domain/enums';
import { JOB_KIND } from '@/components/jobs/labels';
import styles from './costs.module.css';
import { Options } from '@/components/forms/Options';

export function CostFilters({ teams }: { teams: { id: number; name: string }[] }) {
  const { searchParams, pending, navigate, withChanges } = useUrlState();
  const params = parseCostParams(searchParams);

  const set = (key: string, value: string | null) => navigate(withChanges({ [key]: value }), { replace: true });

  return (
    <div className={styles.filters} aria-busy={pending || undefined}>
      <div role="group" aria-label="Group by" className="row" style={{ gap: 0 }}>
        {(['team', 'project'] as const).map((by) => (
          <Button
            key={by}
            size="sm"
            variant={params.by === by ? 'primary' : 'secondary'}
            aria-pressed={params.by === by}
            onClick={() => set('by', by)}
          >
            By {by}
          </Button>
        ))}
      </div>
      <Field name="team" id="costs-team" label="Team">
        <select className="select" value={params.team ?? ''} onChange={(e) => set('team', e.target.value)}>
          <option value="">All teams</option>
          <Options of={teams} value={(team) => team.id} label={(team) => team.name} />
        </select>
      </Field>
      <Field name="kind" id="costs-kind" label="Kind of job">
        <select className="select" value={params.kind ?? ''} onChange={(e) => set('kind', e.target.value)}>
          <option value="">All kinds</option>
          <Options of={JOB_KINDS} label={JOB_KIND} />
        </select>
      </Field>
    </div>
  );
}
