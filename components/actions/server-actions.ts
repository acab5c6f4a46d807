// The server action behind each operation, for the confirmation form. The functions run on the server: the
// browser only holds references to them, and every check (role, state, typed name) happens there.
import {
  cancelJob,
  cordonNode,
  drainNode,
  rebootNode,
  replaceNode,
  restartJob,
  scalePool,
  scaleService,
  uncordonNode,
} from '@/lib/actions/operations';
import type { OperationKind } from '@/lib/ops/kinds';

export const OPERATION_ACTIONS: Record<OperationKind, typeof restartJob> = {
  'job.restart': restartJob,
  'job.cancel': cancelJob,
  'service.scale': scaleService,
  'node.cordon': cordonNode,
  'node.uncordon': uncordonNode,
  'node.drain': drainNode,
  'node.reboot': rebootNode,
  'node.replace': replaceNode,
  'pool.scale': scalePool,
};
