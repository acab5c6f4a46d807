// A bench's database in its scratch folder, opened and measured in this process, and everything it leaves behind
// undone afterwards, whether the bench ends, fails or is interrupted.
import path from 'node:path';
import { removeDir, workDir } from './app';
import { onInterrupt, stopAll } from './processes';

/** Where a bench keeps its database: the scratch folder (`workDir`) and the data folder `data-<name>` in it. */
export interface Scratch {
  dir: string;
  dataDir: string;
}

/**
 * Opens a database with `open` in the data folder `data-<name>`, runs `measure` on it, then disconnects the
 * console's Prisma client (when the bench imported lib/db), stops what the bench started, stops the database and
 * removes the folders. On Ctrl-C (or run.ts's time limit) the database is stopped before its folder is removed.
 */
export async function withScratchDatabase<D extends { stop(): Promise<unknown> }, T>(
  name: string,
  open: (scratch: Scratch) => Promise<D>,
  measure: (database: D, scratch: Scratch) => Promise<T>,
): Promise<T> {
  const work = workDir();
  const scratch = { dir: work.dir, dataDir: path.join(work.dir, `data-${name}`) };
  const remove = () => {
    removeDir(scratch.dataDir);
    if (work.owned) removeDir(work.dir);
  };
  let database: D | undefined;
  onInterrupt(remove);
  onInterrupt(async () => {
    await database?.stop();
  });
  try {
    database = await open(scratch);
    return await measure(database, scratch);
  } finally {
    await (globalThis as { fleetDb?: { $disconnect(): Promise<void> } }).fleetDb?.$disconnect().catch(() => {});
    await stopAll();
    await database?.stop();
    remove();
  }
}
