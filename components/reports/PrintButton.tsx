'use client';

import { Button } from '@/components/ui';

/** Opens the browser's print dialog; the page's print styles leave out everything but the report. */
export function PrintButton() {
  return (
    <Button size="sm" onClick={() => window.print()}>
      Print
    </Button>
  );
}
