// An amount of money as every page shows it: formatted by lib/domain/units, and, where no rate covers what it
// prices, the word "unpriced" linking to the rate card, where an admin adds the missing rate.
import { IntentLink } from '@/components/ui/IntentLink';
import { formatMoney } from '@/lib/domain/units';

interface Props {
  amount: number | null;
  currency: string;
  unpriced?: boolean;
  compact?: boolean;
}

export function Money({ amount, currency, unpriced = false, compact = false }: Props) {
  const text = formatMoney(amount, { currency, compact, unpriced });
  if (!unpriced) return <>{text}</>;
  return (
    <IntentLink href="/admin/rates" title="No rate covers these GPU-hours: an admin adds one on the rate card">
      {text}
    </IntentLink>
  );
}
