// Server actions called as a browser calls them, for benches that act as operators: a POST to a page with the
// action's id in Next-Action and its arguments as JSON, from the console's own origin. The ids come from the
// build's manifest, found by the exported name.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ActionResult } from '../../lib/errors';

type Manifest = { node: Record<string, { exportedName?: string; filename?: string }> };

/** Action ids of a production build by exported name (restartJob, addIncidentNote, …). */
export function actionIds(appDir: string): Record<string, string> {
  const manifest = JSON.parse(
    readFileSync(path.join(appDir, '.next', 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as Manifest;
  const ids: Record<string, string> = {};
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.exportedName) ids[entry.exportedName] = id;
  return ids;
}

/** One call; the answer is the action's { ok, … }, read from the React Server Components stream it comes in. */
export async function callAction(
  base: string,
  cookie: string,
  id: string,
  input: unknown,
): Promise<ActionResult<unknown>> {
  let response: Response;
  try {
    response = await fetch(`${base}/incidents`, {
      method: 'POST',
      headers: {
        accept: 'text/x-component',
        'content-type': 'text/plain;charset=UTF-8',
        'next-action': id,
        origin: base,
        cookie,
      },
      body: JSON.stringify([input]),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    return { ok: false, code: 'unavailable', error: String(error) };
  }
  const text = await response.text();
  if (!response.ok)
    return {
      ok: false,
      code: response.status === 503 ? 'unavailable' : 'internal',
      error: `${response.status} ${text.slice(0, 200)}`,
    };
  // The stream's rows are "<id>:<json>"; the action's answer is the row holding {"ok":…}.
  for (const line of text.split('\n')) {
    const json = line.slice(line.indexOf(':') + 1);
    if (!json.startsWith('{"ok"')) continue;
    return JSON.parse(json) as ActionResult<unknown>;
  }
  return { ok: false, code: 'internal', error: `no answer in the response: ${text.slice(0, 200)}` };
}
