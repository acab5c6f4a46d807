// Field schemas that forms and actions share (no server imports): each refusal reads as a message at its field.
import { z } from 'zod';

/** Form fields send '' for "left empty": optional fields read that as absent. */
export const blankAsUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A positive amount with at most `digits` decimals, from a number or the text of a form field. */
export function positiveAmount(options: { digits: number; max: number; example: string }) {
  return z
    .union([z.string(), z.number()], { error: `is required, like ${options.example}` })
    .transform((value, context) => {
      const text = typeof value === 'number' ? String(value) : value.trim().replace(/,/g, '');
      const number = Number(text);
      if (text === '' || !/^[-+]?\d*\.?\d+(e[-+]?\d+)?$/i.test(text) || !Number.isFinite(number)) {
        context.addIssue({ code: 'custom', message: `must be a number, like ${options.example}` });
        return z.NEVER;
      }
      return number;
    })
    .pipe(
      z
        .number()
        .positive('must be more than 0')
        .max(options.max, `must be at most ${options.max.toLocaleString('en-US')}`)
        .refine(
          (number) => Math.abs(Math.round(number * 10 ** options.digits) - number * 10 ** options.digits) < 1e-6,
          `may have at most ${options.digits} decimal places`,
        ),
    );
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** A wall-clock date and time as <input type="datetime-local"> sends it; the action reads it in the org's zone. */
export const localDateTime = z
  .string({ error: 'is required, like 2026-12-01T00:00' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, 'must be a date and time like 2026-12-01T00:00')
  .transform((text, context): LocalDateTime => {
    const [year, month, day, hour, minute] = text.split(/[-T:]/).map(Number);
    const check = new Date(Date.UTC(year, month - 1, day, hour, minute));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) {
      context.addIssue({ code: 'custom', message: 'is not a real date and time' });
      return z.NEVER;
    }
    return { year, month, day, hour, minute };
  });

/** Why, for the audit log: optional, short. */
export const reason = z.preprocess(
  blankAsUndefined,
  z.string().trim().max(500, 'must be at most 500 characters').optional(),
);

/** The cluster an SLO or a budget watches, by name; none (absent or '') watches the whole organisation. */
export const clusterField = z.preprocess(
  blankAsUndefined,
  z
    .string({ error: 'choose a cluster, or the whole organisation' })
    .trim()
    .max(100, 'must be at most 100 characters')
    .optional(),
);
