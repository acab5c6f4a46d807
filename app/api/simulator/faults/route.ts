import { recordAudit } from '@/lib/audit/record';
import { ApiError, route } from '@/lib/api/route';
import { env } from '@/lib/env';
import { queueFault, recentSimCommands } from '@/lib/sources/sim-commands/queue';
import { faultRequestSchema } from '@/lib/sources/sim-commands/injectable-faults';

export const dynamic = 'force-dynamic';

// GET /api/simulator/faults - the latest injected faults and what the simulator did with each.
export const GET = route({ role: 'viewer' }, async () => ({ commands: await recentSimCommands() }));

// POST /api/simulator/faults - injects a fault into the simulator (operators), for drills, demos and tests.
export const POST = route(
  { role: 'operator', body: faultRequestSchema, audit: 'simulator.fault' },
  async ({ user, body }) => {
    if (env().FLEET_SOURCE !== 'simulator') {
      throw new ApiError(409, 'not_simulated', 'Faults can only be injected while the console reads the simulator.');
    }
    const { idempotencyKey, ...fault } = body;
    const { command, created } = await queueFault(fault, user.email, idempotencyKey);
    if (created) {
      await recordAudit({
        actor: user,
        action: 'simulator.fault',
        targetType: 'simulator',
        targetId: fault.target,
        input: body,
        result: 'ok',
        message: `queued as command ${command.id}`,
      });
    }
    return Response.json({ command }, { status: created ? 202 : 200 });
  },
);
