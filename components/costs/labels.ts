import type { PricingClass } from '@/lib/domain/enums';

export const PRICING_LABELS: Record<PricingClass, string> = {
  on_demand: 'On-demand',
  reserved: 'Reserved',
  spot: 'Spot',
};
