// What the rate card's forms send, shared by the forms (field messages) and the actions (the real check).
import { z } from 'zod';
import { PRICING_CLASSES } from '@/lib/domain/enums';

import { idField } from '@/lib/ids';
import { blankAsUndefined, localDateTime, positiveAmount, reason } from './fields';

export const createRateSchema = z.object({
  gpuModel: z
    .string({ error: 'choose a GPU model' })
    .trim()
    .min(1, 'choose a GPU model')
    .max(100, 'must be at most 100 characters'),
  pricingClass: z.enum(PRICING_CLASSES, { error: 'choose on-demand, reserved or spot' }),
  pricePerGpuHour: positiveAmount({ digits: 4, max: 10_000, example: '2.45' }),
  effectiveFrom: localDateTime,
  effectiveTo: z.preprocess(blankAsUndefined, localDateTime.optional()),
  reason,
});

export const endRateSchema = z.object({
  id: idField('is not a rate period'),
  effectiveTo: localDateTime,
  reason,
});
