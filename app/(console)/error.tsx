'use client';

// A calm panel in place of a page that failed; the shell around it keeps working.
import { IntentLink } from '@/components/ui/IntentLink';
import { useEffect } from 'react';
import { Button } from '@/components/ui/Button';
import { AlertPanel } from '@/components/ui/AlertPanel';
import { FORBIDDEN_DIGEST_PREFIX } from '@/lib/auth/errors';

// In production the message is hidden; the digest is what ties this screen to the server's log line.
const digestOf = (error: unknown) =>
  typeof error === 'object' && error !== null && 'digest' in error && typeof error.digest === 'string'
    ? error.digest
    : undefined;

export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = digestOf(error);
  const requiredRole = digest?.startsWith(FORBIDDEN_DIGEST_PREFIX)
    ? digest.slice(FORBIDDEN_DIGEST_PREFIX.length)
    : null;
  useEffect(() => {
    if (!requiredRole) console.error(error);
  }, [error, requiredRole]);

  if (requiredRole) {
    return (
      <AlertPanel tone="warn" title={`This page needs the ${requiredRole} role`}>
        <p className="muted">Your account does not have it. An administrator can change your role.</p>
        <IntentLink href="/">Go to the overview</IntentLink>
      </AlertPanel>
    );
  }

  return (
    <AlertPanel tone="bad" title="This page could not be loaded">
      <p className="muted">
        Something went wrong while gathering its data. It is often a passing problem, so trying again usually works. If
        it keeps happening, the server log has the details
        {digest ? (
          <>
            {' '}
            under reference <code>{digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="row">
        <Button variant="primary" onClick={() => retry()}>
          Try again
        </Button>
        <IntentLink href="/">Go to the overview</IntentLink>
      </div>
    </AlertPanel>
  );
}
