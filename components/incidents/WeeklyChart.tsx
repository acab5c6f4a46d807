'use client';

// Incidents opened per week, pages and tickets stacked. Weeks the range only partly covers are marked, so a short
// last week does not read as a good one.
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '@/components/charts/ChartLegend';
import { TooltipCard } from '@/components/charts/TooltipCard';
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
      <ChartLegend
        items={[
          { key: 'page', label: 'Pages', color: 'var(--bad)', square: true },
          { key: 'ticket', label: 'Tickets', color: 'var(--warn)', square: true },
        ]}
      />
      <BarChart data={data} responsive style={{ width: '100%', height: 220 }} margin={{ top: 4, right: 8, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} stroke="var(--chart-grid)" />
        <YAxis allowDecimals={false} tick={AXIS_TICK} stroke="var(--chart-grid)" width={40} />
        <Tooltip
          cursor={{ fill: 'var(--surface-2)' }}
          isAnimationActive={false}
          content={({ active, payload }) => {
            const week = payload?.[0]?.payload as (WeekCount & { label: string }) | undefined;
            if (!active || !week) return null;
            return (
              <TooltipCard
                title={`Week of ${weekLabel(week.start, false)}${week.partial ? ' (in part)' : ''}`}
                rows={[
                  { key: 'page', label: 'Pages', color: 'var(--bad)', value: String(week.page), square: true },
                  { key: 'ticket', label: 'Tickets', color: 'var(--warn)', value: String(week.ticket), square: true },
                ]}
              />
            );
          }}
        />
        <Bar dataKey="page" name="Pages" stackId="severity" fill="var(--bad)" isAnimationActive={false} />
        <Bar dataKey="ticket" name="Tickets" stackId="severity" fill="var(--warn)" isAnimationActive={false} />
      </BarChart>
      {weeks.some((week) => week.partial) && <p className="hint">* The range covers only part of this week.</p>}
    </figure>
  );
}
