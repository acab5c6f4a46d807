// Icons for the compact action buttons, drawn like components/ui/icons (16px strokes, hidden from assistive
// technology: the button's text names it).
import { icon } from '@/components/ui/icons';
import type { OperationKind } from '@/lib/ops/kinds';

const PATHS: Record<OperationKind, React.ReactNode> = {
  'job.restart': (
    <>
      <path d="M13 8a5 5 0 1 1-1.6-3.7" />
      <path d="M13 2.5v3h-3" />
    </>
  ),
  'job.cancel': (
    <>
      <circle cx="8" cy="8" r="5.8" />
      <path d="M6 6l4 4M10 6l-4 4" />
    </>
  ),
  'service.scale': <path d="M5 13V3M2.5 5.5 5 3l2.5 2.5M11 3v10M8.5 10.5 11 13l2.5-2.5" />,
  'node.cordon': (
    <>
      <circle cx="8" cy="8" r="5.8" />
      <path d="M3.9 12.1l8.2-8.2" />
    </>
  ),
  'node.uncordon': <path d="M3.5 8.5l3 3 6-7" />,
  'node.drain': (
    <>
      <rect x="2" y="2.5" width="7" height="11" rx="1" />
      <path d="M9 8h5.5M12 5.5 14.5 8 12 10.5" />
    </>
  ),
  'node.reboot': (
    <>
      <path d="M8 2v5" />
      <path d="M4.5 4.5a5 5 0 1 0 7 0" />
    </>
  ),
  'node.replace': <path d="M2.5 5.5h10l-2.5-2.5M13.5 10.5h-10l2.5 2.5" />,
  'pool.scale': <path d="M5 13V3M2.5 5.5 5 3l2.5 2.5M11 3v10M8.5 10.5 11 13l2.5-2.5" />,
};

const ICONS = Object.fromEntries(
  Object.entries(PATHS).map(([kind, paths]) => [kind, icon(paths, `Icon ${kind}`)]),
) as Record<OperationKind, ReturnType<typeof icon>>;

export function OperationIcon({ kind }: { kind: OperationKind }) {
  const Icon = ICONS[kind];
  return <Icon size={14} />;
}
