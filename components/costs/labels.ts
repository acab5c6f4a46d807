import type { JobKind, PricingClass } from '@/lib/domain/enums';

export const KIND_LABELS: Record<JobKind, string> = {
  training: 'Training',
  fine_tuning: 'Fine-tuning',
  evaluation: 'Evaluation',
  inference: 'Inference',
};

export const PRICING_LABELS: Record<PricingClass, string> = {
  on_demand: 'On-demand',
  reserved: 'Reserved',
  spot: 'Spot',
};
