'use client';

// Incidents opened per week, pages and tickets stacked. Weeks the range only partly covers are marked, so a short
// last week does not read as a good one.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_TICK } from '@/components/charts/axes';
import type { WeekCount } from '@/lib/incidents/stats';
import chartStyles from '@/components/charts/charts.module.css';

const weekLabel = (start: string, partial: boolean) =>
  `${new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(
    new Date(`${start}T00:00:00Z`),
  )}${partial ? '*' : ''}`;

export function WeeklyChart({ weeks }: { weeks: WeekCount[] }) {
  const data = weeks.map((week) => ({ ...week, label: weekLabel(week.start, week.partial) }));
  const summary = weeks
    .map((week) => `week of ${weekLabel(week.start, false)}: ${week.page} pages, ${week.ticket} tickets`)
    .join('; ');
  return (
    <figure className={chartStyles.chart} data-testid="incidents-per-week">
      <figcaption className="visually-hidden">Incidents opened per week: {summary}.</figcaption>
      <BarChart data={data} responsive style={{ width: '100%', height: 220 }} margin={{ top: 4, right: 8, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} stroke="var(--chart-grid)" />
        <YAxis allowDecimals={false} tick={AXIS_TICK} stroke="var(--chart-grid)" width={40} />
        <Tooltip
          cursor={{ fill: 'var(--surface-2)' }}
          contentStyle={{
            background: 'var(--surface)',
            border: '1px solid var(--border-strong)',
            borderRadius: 6,
            color: 'var(--text)',
          }}
          isAnimationActive={false}
        />
        <Legend wrapperStyle={{ fontSize: 12, color: 'var(--text-muted)' }} />
        <Bar dataKey="page" name="Pages" stackId="severity" fill="var(--bad)" isAnimationActive={false} />
        <Bar dataKey="ticket" name="Tickets" stackId="severity" fill="var(--warn)" isAnimationActive={false} />
      </BarChart>
      {weeks.some((week) => week.partial) && <p className="hint">* The range covers only part of this week.</p>}
    </figure>
  );
}
