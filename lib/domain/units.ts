// The one place units are formatted (docs/architecture.md). Locale is fixed to en-US so that pages, reports and
// tests read the same everywhere. Every formatter answers "—" for a missing or non-finite value.
const LOCALE = 'en-US';
export const MISSING = '—';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Maybe = number | null | undefined;

function isNumber(value: Maybe): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function decimal(value: number, digits: number): string {
  return new Intl.NumberFormat(LOCALE, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: 'negative',
  }).format(value);
}

function compactNumber(value: number): string {
  return new Intl.NumberFormat(LOCALE, {
    notation: 'compact',
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
    signDisplay: 'negative',
  }).format(value);
}

/** A count with thousands separators: 1234567 -> "1,234,567"; compact: "1.2M". */
export function formatCount(count: Maybe, options: { compact?: boolean } = {}): string {
  if (!isNumber(count)) return MISSING;
  return options.compact ? compactNumber(count) : decimal(count, 0);
}

/** A number of GPUs, singular for one: "1 GPU", "1,024 GPUs". */
export function formatGpus(count: Maybe): string {
  return isNumber(count) ? formatCountOf(count, 'GPU') : MISSING;
}

/**
 * A count with its noun, singular for one and plural otherwise: (1, 'node') -> "1 node", (1024, 'GPU') ->
 * "1,024 GPUs", (2, 'box', 'boxes') -> "2 boxes".
 */
export function formatCountOf(count: Maybe, noun: string, plural = `${noun}s`): string {
  if (!isNumber(count)) return `${MISSING} ${plural}`;
  return `${decimal(count, 0)} ${count === 1 ? noun : plural}`;
}

/** GPU-hours, the unit of allocation, waste and idle (DOMAIN.md Utilization): 1234.5 -> "1,234.5 GPU-h". */
export function formatGpuHours(gpuHours: Maybe, options: { digits?: number; compact?: boolean } = {}): string {
  if (!isNumber(gpuHours)) return MISSING;
  const number = options.compact ? compactNumber(gpuHours) : decimal(gpuHours, options.digits ?? 1);
  return `${number} GPU-h`;
}

/** What an amount no rate covers is called (DOMAIN.md Coverage): never $0.00. */
export const UNPRICED = 'unpriced';

/**
 * Money in one currency (DOMAIN.md Cost): 1234.5 -> "$1,234.50" (the currency's own minor digits);
 * compact, for big tiles: 1234567 -> "$1.2M". Amounts are floating currency units; Intl rounds half away
 * from zero for display, and a value that rounds to zero never shows as "-$0.00". `unpriced`: no rate covers
 * what the amount prices (lib/domain/cost isUnpriced), and it reads "unpriced" whatever the amount.
 */
export function formatMoney(
  amount: Maybe,
  options: { currency?: string; compact?: boolean; unpriced?: boolean } = {},
): string {
  if (options.unpriced) return UNPRICED;
  if (!isNumber(amount)) return MISSING;
  const currency = options.currency ?? 'USD';
  const format = options.compact
    ? new Intl.NumberFormat(LOCALE, {
        style: 'currency',
        currency,
        notation: 'compact',
        minimumFractionDigits: 0,
        maximumFractionDigits: 1,
        signDisplay: 'negative',
      })
    : new Intl.NumberFormat(LOCALE, { style: 'currency', currency, signDisplay: 'negative' });
  return format.format(amount);
}

/**
 * Money on a KPI tile, where tiles sit side by side: compact from 1,000 up ("$2.9K", "$279.9K"), exact below
 * ("$2.31"), so a row never shows "$279.9K" beside "$49,124.95". The exact figure goes in the tile's sublabel.
 */
export function formatTileMoney(amount: Maybe, currency?: string, unpriced = false): string {
  return formatMoney(amount, { currency, compact: isNumber(amount) && Math.abs(amount) >= 1_000, unpriced });
}

/**
 * A ratio as a percentage: 0.9991 -> "99.91%" (digits default 2, always shown).
 * `truncate` rounds toward zero, so that 0.99999 reads "99.99%", not "100.00%" (SLO attainment must not
 * look met when it is not); `signed` writes "+" on gains (week-over-week change).
 */
export function formatPercent(
  ratio: Maybe,
  options: { digits?: number; truncate?: boolean; signed?: boolean } = {},
): string {
  if (!isNumber(ratio)) return MISSING;
  const digits = options.digits ?? 2;
  return new Intl.NumberFormat(LOCALE, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    roundingMode: options.truncate ? 'trunc' : 'halfExpand',
    signDisplay: options.signed ? 'exceptZero' : 'negative',
  }).format(ratio);
}

/**
 * How much of a window the source covered (DOMAIN.md Coverage), truncated so a gap never rounds away: 0.97249 ->
 * "97.2% of the window measured"; 1 -> "all of the window measured"; a sliver keeps a second digit (0.0069 ->
 * "0.68%"), and less than that says so ("under 0.01%") rather than "0.0%".
 */
export function formatCoverage(coverage: Maybe): string {
  if (!isNumber(coverage)) return MISSING;
  if (coverage >= 1) return 'all of the window measured';
  if (coverage <= 0) return 'none of the window measured';
  if (coverage < 0.0001) return 'under 0.01% of the window measured';
  const digits = coverage < 0.01 ? 2 : 1;
  return `${formatPercent(coverage, { digits, truncate: true })} of the window measured`;
}

/**
 * A duration in its two largest units, each truncated (never "4 min 60 s"), a zero second unit left out:
 * 252_000 ms -> "4 min 12 s", "3 h 5 min", "2 d 4 h", "42 s"; under a second: "850 ms".
 */
export function formatDuration(ms: Maybe): string {
  if (!isNumber(ms)) return MISSING;
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < SECOND) return `${sign}${Math.floor(abs)} ms`;
  const units: [number, string][] = [
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'min'],
    [SECOND, 's'],
  ];
  const first = units.findIndex(([size]) => abs >= size);
  const [bigSize, bigName] = units[first];
  const big = Math.floor(abs / bigSize);
  const parts = [`${decimal(big, 0)} ${bigName}`];
  const next = units[first + 1];
  if (next) {
    const small = Math.floor((abs - big * bigSize) / next[0]);
    if (small > 0) parts.push(`${small} ${next[1]}`);
  }
  return sign + parts.join(' ');
}

/**
 * How long ago `at` was, seen from `now`, in its largest whole unit: "12 s ago", "4 min ago", "3 h ago",
 * "2 d ago"; under a second "just now"; a time ahead of now reads "in 5 min".
 */
export function formatAge(at: Date | null | undefined, now: Date): string {
  if (!at || Number.isNaN(at.getTime())) return MISSING;
  const diff = now.getTime() - at.getTime();
  const abs = Math.abs(diff);
  if (abs < SECOND) return 'just now';
  const [size, name] =
    abs >= DAY ? [DAY, 'd'] : abs >= HOUR ? [HOUR, 'h'] : abs >= MINUTE ? [MINUTE, 'min'] : [SECOND, 's'];
  const amount = `${decimal(Math.floor(abs / size), 0)} ${name}`;
  return diff >= 0 ? `${amount} ago` : `in ${amount}`;
}

/**
 * Power (DCGM_FI_DEV_POWER_USAGE): a tenth of a watt under 100 W, where it tells an idle GPU's draw apart
 * ("16.4 W"), then "412 W" under 1 kW, "12.3 kW", "1.2 MW".
 */
export function formatWatts(watts: Maybe): string {
  if (!isNumber(watts)) return MISSING;
  const abs = Math.abs(watts);
  if (abs >= 1e6) return `${decimal(watts / 1e6, 1)} MW`;
  if (abs >= 1e3) return `${decimal(watts / 1e3, 1)} kW`;
  if (abs < 99.95) return `${decimal(watts, 1)} W`;
  return `${decimal(watts, 0)} W`;
}

/** Temperature (DCGM_FI_DEV_GPU_TEMP): 72 -> "72 °C". */
export function formatCelsius(celsius: Maybe): string {
  if (!isNumber(celsius)) return MISSING;
  return `${decimal(celsius, 0)} °C`;
}

/** MiB (DCGM_FI_DEV_FB_USED) to GiB, as a number: 81920 -> 80. */
export function mibToGib(mib: number): number {
  return mib / 1024;
}

/** Memory given in MiB, shown in GiB: 81559 -> "79.6 GiB" (digits default 1). */
export function formatMibAsGib(mib: Maybe, options: { digits?: number } = {}): string {
  if (!isNumber(mib)) return MISSING;
  return `${decimal(mibToGib(mib), options.digits ?? 1)} GiB`;
}
