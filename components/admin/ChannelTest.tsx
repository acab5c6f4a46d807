'use client';

// Sends a test message through a channel now and says what its receiver answered, below the row's other
// actions (passed as children), so that the buttons stay on one line.
import type { ReactNode } from 'react';
import { ActionFormFrame } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button } from '@/components/ui';
import { testChannel } from '@/lib/actions/channels';

export function ChannelTest({
  id,
  name,
  initialKey,
  children,
}: {
  id: number;
  name: string;
  initialKey: string;
  children?: ReactNode;
}) {
  const form = useActionForm(testChannel, { initialKey, scope: `test-channel-${id}` });
  const result = form.result;
  return (
    <div className="stack" style={{ gap: 'var(--space-1)' }}>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <ActionFormFrame form={form} label={`Test ${name}`}>
          <input type="hidden" name="id" value={id} />
          <Button type="submit" size="sm" loading={form.pending} aria-label={`Send test to ${name}`}>
            Send test
          </Button>
        </ActionFormFrame>
        {children}
      </div>
      {/* Present from the start, so that the answer is announced when it arrives. */}
      <p role="status" className={result && !form.pending ? (result.ok ? 'tone-ok' : 'tone-bad') : 'subtle'}>
        {form.pending ? 'Sending…' : result ? (result.ok ? result.data.answer : result.error) : null}
      </p>
    </div>
  );
}
