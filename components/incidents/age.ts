import { formatDuration } from '@/lib/domain/units';

/** An incident's age in its largest unit ("3 h", "2 d"), read at a glance; the exact time goes in a title. */
export const ageText = (ms: number) => formatDuration(Math.max(0, ms)).split(' ').slice(0, 2).join(' ');
