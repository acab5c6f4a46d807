'use client';

// A calm panel in place of a page that failed; the shell around it keeps working.
import Link from 'next/link';
import { useEffect } from 'react';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { ToneIcon } from '@/components/ui/tone';
import { FORBIDDEN_DIGEST_PREFIX } from '@/lib/auth/errors';

// In production the message is hidden; the digest is what ties this screen to the server's log line.
const digestOf = (error: unknown) =>
  typeof error === 'object' && error !== null && 'digest' in error && typeof error.digest === 'string'
    ? error.digest
    : undefined;

function Panel({ tone, title, children }: { tone: 'warn' | 'bad'; title: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="page">
      <Card>
        <div role="alert" className="stack" style={{ alignItems: 'flex-start', maxWidth: '64ch' }}>
          <h1 className="row page-title">
            <ToneIcon tone={tone} size={20} className={`tone-${tone}`} />
            {title}
          </h1>
          {children}
        </div>
      </Card>
    </div>
  );
}

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
      <Panel tone="warn" title={`This page needs the ${requiredRole} role`}>
        <p className="muted">Your account does not have it. An administrator can change your role.</p>
        <Link href="/">Go to the overview</Link>
      </Panel>
    );
  }

  return (
    <Panel tone="bad" title="This page could not be loaded">
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
        <Link href="/">Go to the overview</Link>
      </div>
    </Panel>
  );
}
