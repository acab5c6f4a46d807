// A policy as its forms showed it, sent back with each change so the server can refuse to overwrite a newer one.
import type { RecoveryPolicyView } from '@/lib/queries/recovery/types';

export const policyState = (policy: RecoveryPolicyView) =>
  JSON.stringify({ enabled: policy.enabled, config: policy.config });
