'use client';

import Link from 'next/link';
import { useState, type ComponentProps } from 'react';

/**
 * A link that prefetches its page when the user shows intent (pointer over it, keyboard focus, a touch), not as soon
 * as it is on screen. Next prefetches every dynamic page in view on each load, and keeps none of them: a page with
 * the navigation's seventeen links sent as many requests while its own render was still streaming, on the same
 * server. Once intent shows, the link prefetches as Next's own would, so a click still opens the page's loading state
 * at once.
 */
export function IntentLink({ onMouseEnter, onFocus, onTouchStart, ...props }: ComponentProps<typeof Link>) {
  const [intent, setIntent] = useState(false);
  const show = () => setIntent(true);
  return (
    <Link
      {...props}
      prefetch={intent ? null : false}
      onMouseEnter={(event) => {
        show();
        onMouseEnter?.(event);
      }}
      onFocus={(event) => {
        show();
        onFocus?.(event);
      }}
      onTouchStart={(event) => {
        show();
        onTouchStart?.(event);
      }}
    />
  );
}
