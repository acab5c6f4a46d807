// What the incident forms send, shared by the forms (field messages) and the actions (the real check).
import { z } from 'zod';
import { INCIDENT_SEVERITIES, INCIDENT_STATES } from '@/lib/domain/enums';
import { idField, parseId } from '@/lib/ids';
import { blankAsUndefined } from './fields';

const incidentId = idField('is not an incident');

/** The state the page showed when the form was sent: a page gone stale is refused rather than acted on. */
const seenState = z.preprocess(
  blankAsUndefined,
  z.enum(INCIDENT_STATES, { error: 'must be open, acknowledged or resolved' }).optional(),
);

const text = (max: number, required: string) =>
  z
    .string({ error: required })
    .trim()
    .min(1, required)
    .max(max, `must be at most ${max.toLocaleString('en-US')} characters`);

export const acknowledgeSchema = z.object({ id: incidentId, seenState });

export const assignSchema = z.object({
  id: incidentId,
  seenState,
  /** A user's id, or "me". */
  assignee: z
    .string({ error: 'choose who takes it' })
    .trim()
    .regex(/^(me|\d+)$/, 'choose who takes it')
    .transform((value, context) => {
      if (value === 'me') return 'me' as const;
      const id = parseId(value);
      if (id === null) {
        context.addIssue({ code: 'custom', message: 'choose who takes it' });
        return z.NEVER;
      }
      return id;
    }),
});

export const noteSchema = z.object({ id: incidentId, note: text(4000, 'write the note') });

export const resolveSchema = z.object({
  id: incidentId,
  seenState,
  resolution: text(4000, 'say what fixed it').pipe(z.string().min(3, 'say what fixed it, in a few words')),
});

export const reopenSchema = z.object({
  id: incidentId,
  seenState,
  reason: text(1000, 'say why it is not over').pipe(z.string().min(3, 'say why it is not over, in a few words')),
});

const optionalText = (max: number) =>
  z.preprocess(
    blankAsUndefined,
    z
      .string()
      .trim()
      .max(max, `must be at most ${max.toLocaleString('en-US')} characters`)
      .optional(),
  );

export const declareSchema = z.object({
  title: text(200, 'say what is wrong').pipe(z.string().min(3, 'say what is wrong, in a few words')),
  severity: z.enum(INCIDENT_SEVERITIES, { error: 'choose page or ticket' }),
  summary: optionalText(4000),
  /** The affected job, by id, external id or name. */
  job: optionalText(200),
  /** The affected node, by hostname. */
  node: optionalText(200),
});
