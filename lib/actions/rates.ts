'use server';

// The rate card (admins): add a price period, end one. Periods of one GPU model and pricing class never overlap,
// and neither action changes a price that already applied, so a price change never rewrites past costs.
import { revalidatePath } from 'next/cache';
import type { PricingClass } from '@/lib/domain/enums';
import { zonedTimeToInstant, formatLocalDateTime } from '@/lib/domain/time';
import { readSettings } from '@/lib/settings/org';
import { action, ActionError, type Tx } from './action';
import type { LocalDateTime } from './fields';
import { createRateSchema, endRateSchema } from './rate-schemas';

const instant = (local: LocalDateTime, timeZone: string) =>
  zonedTimeToInstant(timeZone, local.year, local.month, local.day, local.hour, local.minute);

/** One writer at a time per model and class, so two admins cannot add overlapping periods side by side. */
async function lockSeries(tx: Tx, gpuModel: string, pricingClass: string) {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`rate_card:${gpuModel}:${pricingClass}`}))::text`;
}

/** The first other period of the series that meets [from, to). */
async function overlapping(
  tx: Tx,
  series: { gpuModel: string; pricingClass: PricingClass },
  from: Date,
  to: Date | null,
  exceptId?: number,
) {
  return tx.rateCard.findFirst({
    where: {
      ...series,
      ...(exceptId ? { id: { not: exceptId } } : {}),
      ...(to ? { effectiveFrom: { lt: to } } : {}),
      OR: [{ effectiveTo: null }, { effectiveTo: { gt: from } }],
    },
    orderBy: { effectiveFrom: 'asc' },
  });
}

function describePeriod(
  row: { pricePerGpuHour: { toString(): string }; effectiveFrom: Date; effectiveTo: Date | null },
  timeZone: string,
) {
  const until = row.effectiveTo ? `to ${formatLocalDateTime(row.effectiveTo, timeZone)}` : '(open-ended)';
  return `the ${row.pricePerGpuHour.toString()} period from ${formatLocalDateTime(row.effectiveFrom, timeZone)} ${until}`;
}

export const createRatePeriod = action({
  name: 'rate.create',
  role: 'admin',
  input: createRateSchema,
  target: (input) => ({ type: 'rate_card', id: `${input.gpuModel}/${input.pricingClass}` }),
  async run({ input, tx }) {
    const { timeZone, currency } = await readSettings();
    const from = instant(input.effectiveFrom, timeZone);
    const to = input.effectiveTo ? instant(input.effectiveTo, timeZone) : null;
    if (to && to <= from) throw ActionError.field('effectiveTo', 'must be after the start');
    const pool = await tx.pool.findFirst({ where: { gpuModel: input.gpuModel }, select: { id: true } });
    if (!pool) throw ActionError.field('gpuModel', `no pool has GPU model "${input.gpuModel}"`);
    const series = { gpuModel: input.gpuModel, pricingClass: input.pricingClass };
    await lockSeries(tx, series.gpuModel, series.pricingClass);
    const clash = await overlapping(tx, series, from, to);
    if (clash) {
      // A clash with a later period is this one's end running into it; an earlier one is its start.
      const field = clash.effectiveFrom >= from ? 'effectiveTo' : 'effectiveFrom';
      const hint =
        field === 'effectiveTo'
          ? `end this one by ${formatLocalDateTime(clash.effectiveFrom, timeZone)}`
          : 'end that one first, or start this one after it';
      throw ActionError.field(field, `overlaps ${describePeriod(clash, timeZone)}: ${hint}`);
    }
    const row = await tx.rateCard.create({
      data: { ...series, pricePerGpuHour: input.pricePerGpuHour, currency, effectiveFrom: from, effectiveTo: to },
    });
    return { id: row.id };
  },
  after: () => revalidatePath('/admin/rates'),
});

export const endRatePeriod = action({
  name: 'rate.end',
  role: 'admin',
  input: endRateSchema,
  target: (input) => ({ type: 'rate_card', id: input.id }),
  async run({ input, tx }) {
    const { timeZone } = await readSettings();
    const row = await tx.rateCard.findUnique({ where: { id: input.id } });
    if (!row) throw new ActionError('That rate period does not exist (any more).', 'not_found');
    await lockSeries(tx, row.gpuModel, row.pricingClass);
    const to = instant(input.effectiveTo, timeZone);
    const now = new Date();
    if (row.effectiveTo && row.effectiveTo <= now) {
      throw new ActionError('This period has already ended; its prices stay as they were.', 'conflict');
    }
    if (to <= row.effectiveFrom) {
      throw ActionError.field(
        'effectiveTo',
        `must be after the period's start, ${formatLocalDateTime(row.effectiveFrom, timeZone)}`,
      );
    }
    if (to < now) {
      throw ActionError.field(
        'effectiveTo',
        'must be now or later: ending a period in the past would change costs already reported',
      );
    }
    const clash = await overlapping(tx, row, row.effectiveFrom, to, row.id);
    if (clash) throw ActionError.field('effectiveTo', `runs into ${describePeriod(clash, timeZone)}`);
    await tx.rateCard.update({ where: { id: row.id }, data: { effectiveTo: to } });
    return { id: row.id, effectiveTo: to.toISOString() };
  },
  after: () => revalidatePath('/admin/rates'),
});
