// GPUs as people name them: `<host> GPU <index>`, never a database id; several on one node as "GPUs 0–7".

export function gpuName(hostname: string, index: number): string {
  return `${hostname} GPU ${index}`;
}

/** "GPU 3", "GPUs 0–7" (three or more in a row), "GPUs 1, 3". */
export function gpuIndexes(indexes: readonly number[]): string {
  const sorted = [...indexes].sort((a, b) => a - b);
  if (sorted.length === 1) return `GPU ${sorted[0]}`;
  const contiguous = sorted.every((index, k) => k === 0 || index === sorted[k - 1] + 1);
  return contiguous && sorted.length > 2 ? `GPUs ${sorted[0]}–${sorted.at(-1)}` : `GPUs ${sorted.join(', ')}`;
}

/** GPUs grouped by node, in the order given: [{ nodeId, hostname, label: "GPUs 0–7" }]. */
export function gpusByNode<T extends { nodeId: number; hostname: string; index: number }>(gpus: readonly T[]) {
  const byNode = new Map<number, { nodeId: number; hostname: string; indexes: number[] }>();
  for (const gpu of gpus) {
    const node = byNode.get(gpu.nodeId) ?? { nodeId: gpu.nodeId, hostname: gpu.hostname, indexes: [] };
    node.indexes.push(gpu.index);
    byNode.set(gpu.nodeId, node);
  }
  return [...byNode.values()].map((node) => ({ ...node, label: gpuIndexes(node.indexes) }));
}
