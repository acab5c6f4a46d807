// The cluster an SLO or a budget names, as its id; none for the whole organisation.
import { ActionError, type Tx } from './action';

/** The id of the cluster named, or null for none; a name the console has not read is refused at the field. */
export async function clusterIdOf(tx: Tx, name: string | undefined): Promise<number | null> {
  if (!name) return null;
  const cluster = await tx.cluster.findUnique({ where: { name } });
  if (!cluster) throw ActionError.field('cluster', `there is no cluster named ${name.slice(0, 100)}`);
  return cluster.id;
}
