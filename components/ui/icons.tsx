// A small set of 16px stroke icons drawn inline (no icon package is installed). Decorative by default:
// every icon is aria-hidden, so the text beside it carries the meaning.
import type { ReactNode, SVGProps } from 'react';

export type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number };

/** An icon from its paths, drawn like every other here. */
export function icon(paths: ReactNode, displayName: string) {
  function Icon({ size = 16, ...props }: IconProps) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 16 16"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.5}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden
        focusable={false}
        {...props}
      >
        {paths}
      </svg>
    );
  }
  Icon.displayName = displayName;
  return Icon;
}

export const IconCheck = icon(<path d="M3.5 8.5l3 3 6-7" />, 'IconCheck');
export const IconWarning = icon(
  <>
    <path d="M8 2.2L14.5 13.5h-13z" />
    <path d="M8 6.5v3M8 11.6v.1" />
  </>,
  'IconWarning',
);
export const IconError = icon(
  <>
    <circle cx="8" cy="8" r="6.2" />
    <path d="M5.8 5.8l4.4 4.4M10.2 5.8l-4.4 4.4" />
  </>,
  'IconError',
);
export const IconInfo = icon(
  <>
    <circle cx="8" cy="8" r="6.2" />
    <path d="M8 7.3v3.8M8 4.9v.1" />
  </>,
  'IconInfo',
);
export const IconDot = icon(<circle cx="8" cy="8" r="3" fill="currentColor" stroke="none" />, 'IconDot');
export const IconArrowUp = icon(<path d="M8 13V3M4 7l4-4 4 4" />, 'IconArrowUp');
export const IconArrowDown = icon(<path d="M8 3v10M4 9l4 4 4-4" />, 'IconArrowDown');
export const IconArrowFlat = icon(<path d="M3 8h10M9 4l4 4-4 4" />, 'IconArrowFlat');
export const IconSearch = icon(
  <>
    <circle cx="7" cy="7" r="4.5" />
    <path d="M10.5 10.5L14 14" />
  </>,
  'IconSearch',
);
export const IconSun = icon(
  <>
    <circle cx="8" cy="8" r="2.8" />
    <path d="M8 1.5v1.3M8 13.2v1.3M1.5 8h1.3M13.2 8h1.3M3.4 3.4l.9.9M11.7 11.7l.9.9M3.4 12.6l.9-.9M11.7 4.3l.9-.9" />
  </>,
  'IconSun',
);
export const IconMoon = icon(<path d="M13.5 9.6A5.8 5.8 0 0 1 6.4 2.5a5.8 5.8 0 1 0 7.1 7.1z" />, 'IconMoon');
export const IconMonitor = icon(
  <>
    <rect x="1.8" y="2.5" width="12.4" height="8.5" rx="1.2" />
    <path d="M5.5 14h5M8 11v3" />
  </>,
  'IconMonitor',
);
export const IconSignOut = icon(
  <>
    <path d="M6 2.5H3.5a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1H6" />
    <path d="M10.5 11l3-3-3-3M13.5 8H6" />
  </>,
  'IconSignOut',
);
export const IconOverview = icon(
  <>
    <rect x="2" y="2" width="5" height="5" rx="1" />
    <rect x="9" y="2" width="5" height="5" rx="1" />
    <rect x="2" y="9" width="5" height="5" rx="1" />
    <rect x="9" y="9" width="5" height="5" rx="1" />
  </>,
  'IconOverview',
);
export const IconFleet = icon(
  <>
    <rect x="2" y="2.5" width="12" height="4.5" rx="1" />
    <rect x="2" y="9" width="12" height="4.5" rx="1" />
    <path d="M4.5 4.75h.1M4.5 11.25h.1M7 4.75h5M7 11.25h5" />
  </>,
  'IconFleet',
);
export const IconJobs = icon(
  <>
    <path d="M8 2l6 3-6 3-6-3z" />
    <path d="M2 8l6 3 6-3M2 11l6 3 6-3" />
  </>,
  'IconJobs',
);
export const IconIncident = icon(
  <>
    <path d="M4 12.5V8a4 4 0 0 1 8 0v4.5" />
    <path d="M2.5 12.5h11M8 1.5v1M2.6 4l.8.6M13.4 4l-.8.6" />
  </>,
  'IconIncident',
);
export const IconTarget = icon(
  <>
    <circle cx="8" cy="8" r="6" />
    <circle cx="8" cy="8" r="3.2" />
    <circle cx="8" cy="8" r=".6" fill="currentColor" />
  </>,
  'IconTarget',
);
export const IconCost = icon(
  <>
    <circle cx="8" cy="8" r="6.2" />
    <path d="M10 5.8c-.4-.6-1.1-.9-2-.9-1.2 0-2 .6-2 1.5 0 2 4 1.1 4 3.1 0 .9-.9 1.6-2.1 1.6-.9 0-1.7-.4-2.1-1M8 3.6v1.3M8 11.1v1.3" />
  </>,
  'IconCost',
);
export const IconBudget = icon(
  <>
    <rect x="1.8" y="3.5" width="12.4" height="9.5" rx="1.5" />
    <path d="M1.8 6.5h12.4M10.5 9.8h1.5" />
  </>,
  'IconBudget',
);
export const IconReport = icon(
  <>
    <path d="M9.5 1.8H4a1 1 0 0 0-1 1v10.4a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V5.3z" />
    <path d="M9.5 1.8v3.5H13M5.5 11.5V9.5M8 11.5V7.5M10.5 11.5V9" />
  </>,
  'IconReport',
);
export const IconRecovery = icon(
  <>
    <path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9" />
    <path d="M13.5 2.5v3h-3" />
  </>,
  'IconRecovery',
);
export const IconAdmin = icon(
  <>
    <path d="M8 1.8l5.2 2v4c0 3.1-2.2 5.4-5.2 6.4-3-1-5.2-3.3-5.2-6.4v-4z" />
    <path d="M5.8 8l1.6 1.6 2.9-3" />
  </>,
  'IconAdmin',
);
export const IconPeople = icon(
  <>
    <circle cx="6" cy="5.5" r="2.5" />
    <path d="M1.5 13.5c.4-2.4 2.2-4 4.5-4s4.1 1.6 4.5 4" />
    <path d="M10.5 3.2a2.4 2.4 0 0 1 0 4.6M12 9.6c1.4.5 2.3 1.9 2.5 3.9" />
  </>,
  'IconPeople',
);
export const IconSend = icon(
  <>
    <path d="M14 2L7 9M14 2l-4.5 12L7 9 2 6.5z" />
  </>,
  'IconSend',
);
export const IconAudit = icon(
  <>
    <path d="M10.5 2.5h1.7a1 1 0 0 1 1 1v9.7a1 1 0 0 1-1 1H3.8a1 1 0 0 1-1-1V3.5a1 1 0 0 1 1-1h1.7" />
    <rect x="5.5" y="1.5" width="5" height="2.2" rx=".6" />
    <path d="M5.5 7h5M5.5 9.5h5M5.5 12h3" />
  </>,
  'IconAudit',
);
export const IconLogo = icon(
  <>
    <rect x="1.8" y="1.8" width="12.4" height="12.4" rx="3" />
    <path d="M4.5 10.5l2-3 2 2 3-4.5" />
  </>,
  'IconLogo',
);
