// The five status tones and the shape that goes with each, so status is never told by colour alone.
import { IconCheck, IconDot, IconError, IconInfo, IconWarning, type IconProps } from './icons';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

const ICONS = { ok: IconCheck, warn: IconWarning, bad: IconError, info: IconInfo, neutral: IconDot } as const;

export function ToneIcon({ tone, ...props }: { tone: Tone } & IconProps) {
  const Icon = ICONS[tone];
  return <Icon {...props} />;
}
