// Checks that saved data is a simulator state this code can continue, before trusting it.
import { STATE_VERSION, type SimState } from './state';
import { GPUS_PER_NODE, POOLS, poolSizes } from './topology';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseState(json: unknown): SimState {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  if (!isRecord(value)) throw new Error('Saved simulator state is not an object');
  if (value.version !== STATE_VERSION && value.version !== 1)
    throw new Error(`Saved simulator state has version ${String(value.version)}, expected ${STATE_VERSION}`);
  const nodeCount = value.nodeCount;
  if (
    typeof value.seed !== 'number' ||
    typeof nodeCount !== 'number' ||
    typeof value.time !== 'number' ||
    typeof value.minute !== 'number'
  ) {
    throw new Error('Saved simulator state lacks its seed, size or time');
  }
  if (!Array.isArray(value.rng) || value.rng.length !== 4)
    throw new Error('Saved simulator state lacks its random state');
  if (
    !Array.isArray(value.jobs) ||
    !Array.isArray(value.finished) ||
    !Array.isArray(value.nodes) ||
    value.nodes.length !== nodeCount
  ) {
    throw new Error('Saved simulator state has no jobs or the wrong number of nodes');
  }
  const gpu = value.gpu;
  if (
    !isRecord(gpu) ||
    !Object.values(gpu).every((column) => Array.isArray(column) && column.length === nodeCount * GPUS_PER_NODE)
  ) {
    throw new Error('Saved simulator state has malformed GPU data');
  }
  if (!isRecord(value.outbox) || !Array.isArray(value.commands) || !Array.isArray(value.boostedGpus)) {
    throw new Error('Saved simulator state lacks its pending records');
  }
  if (
    value.version === STATE_VERSION &&
    !(Array.isArray(value.poolDesired) && value.poolDesired.length === POOLS.length)
  )
    throw new Error('Saved simulator state lacks its pool sizes');
  const state = structuredClone(value) as unknown as SimState;
  if (value.version === 1) upgradeFromVersion1(state);
  return state;
}

/** Version 1 had every node in the fleet and reboots that always worked. */
function upgradeFromVersion1(state: SimState) {
  for (const node of state.nodes) {
    node.retiring = false;
    node.rebootFails = false;
  }
  state.poolDesired = poolSizes(state.nodeCount);
  state.version = STATE_VERSION;
}
