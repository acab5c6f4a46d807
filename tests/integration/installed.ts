// The tests that need a real system installed here (Prometheus, Alertmanager, Slurm, kubectl) fail without it,
// saying what to install, rather than skipping: a run that skipped them would pass without having tested them.
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/** Why a program cannot run here (its binary is missing, and where to get it), or null when it can. */
export function notInstalled(program: { name: string; bin: string; debianPackage: string; variable: string }) {
  const { name, bin, debianPackage, variable } = program;
  return existsSync(bin)
    ? null
    : `${name} is not installed (${bin}): apt-get install -y ${debianPackage} (CI installs it), or set ${variable}`;
}

/** One failing test under `name` that says why, where `missing` says the tests of `name` cannot run here. */
export function failWhenMissing(name: string, missing: string | null) {
  describe.runIf(missing)(name, () => {
    it('needs what it tests against installed', () => {
      throw new Error(missing!);
    });
  });
}
