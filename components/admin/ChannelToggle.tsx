'use client';

import { ActionFormFrame } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button } from '@/components/ui';
import { setChannelEnabled } from '@/lib/actions/channels';

/** Turns a channel off (it keeps its settings and history) or back on. */
export function ChannelToggle({
  id,
  name,
  enabled,
  initialKey,
}: {
  id: number;
  name: string;
  enabled: boolean;
  initialKey: string;
}) {
  const form = useActionForm(setChannelEnabled, { initialKey, scope: `channel-${id}` });
  const refusal = form.result && !form.result.ok ? form.result.error : null;
  return (
    <ActionFormFrame form={form}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="enabled" value={enabled ? 'false' : 'true'} />
      <Button type="submit" size="sm" loading={form.pending} aria-label={`${enabled ? 'Turn off' : 'Turn on'} ${name}`}>
        {enabled ? 'Turn off' : 'Turn on'}
      </Button>
      {refusal && <p className="field-error">{refusal}</p>}
    </ActionFormFrame>
  );
}
