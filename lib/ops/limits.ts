/** The largest pool size and replica count the console will ask an executor for. */
export const MAX_POOL_NODES_INPUT = 4096;
export const MAX_REPLICAS_INPUT = 64;
