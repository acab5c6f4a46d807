import { ApiError, route } from '@/lib/api/route';
import { clusters } from '@/lib/clusters/config';
import { AmbiguousTargetError, queueFault, recentSimCommands } from '@/lib/sources/sim-commands/queue';
import { faultRequestSchema } from '@/lib/sources/sim-commands/injectable-faults';

export const dynamic = 'force-dynamic';

// GET /api/simulator/faults - the latest injected faults and what the simulator did with each.
export const GET = route({ role: 'viewer' }, async () => ({ commands: await recentSimCommands() }));

// POST /api/simulator/faults - injects a fault into the simulator (operators), for drills, demos and tests.
export const POST = route(
  { role: 'operator', body: faultRequestSchema, audit: 'simulator.fault' },
  async ({ user, body, audit }) => {
    if (!clusters().some((cluster) => cluster.env.FLEET_SOURCE === 'simulator')) {
      throw new ApiError(409, 'not_simulated', 'Faults can only be injected into a simulated cluster.');
    }
    const { idempotencyKey, cluster, ...fault } = body;
    const queued = await queueFault(fault, user.email, idempotencyKey, cluster).catch((error: unknown) => {
      if (error instanceof AmbiguousTargetError) throw new ApiError(422, 'invalid_target', error.message);
      throw error;
    });
    if (!queued) {
      throw new ApiError(409, 'conflict', 'This idempotency key was already sent with another fault: use a new key.');
    }
    const { command, created } = queued;
    audit.target = { type: 'simulator', id: fault.target };
    audit.message = `queued as command ${command.id}`;
    audit.replay = !created;
    return Response.json({ command }, { status: created ? 202 : 200 });
  },
);
