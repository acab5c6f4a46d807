// scontrol on the worker's host, for what the slurmrestd version in use has no endpoint for. An operator allows
// it with SLURM_CONTROL=scontrol: the host must then be a Slurm client (slurm.conf or configless, munge) and the
// worker's user one Slurm lets change nodes and other users' jobs (root, SlurmUser, or an Operator).
import { execFile } from 'node:child_process';
import type { SlurmConfig } from '@/lib/sources/slurm/config';

export interface ScontrolResult {
  ok: boolean;
  /** What scontrol printed (stderr on failure), trimmed. */
  output: string;
}

export type Scontrol = (args: string[]) => Promise<ScontrolResult>;

/** Runs scontrol without a shell, so a reason is one argument whatever it holds. */
export function scontrolFor(config: Pick<SlurmConfig, 'slurmConf' | 'timeoutMs'>, bin = 'scontrol'): Scontrol {
  const env = config.slurmConf ? { ...process.env, SLURM_CONF: config.slurmConf } : process.env;
  return (args) =>
    new Promise((resolve) => {
      execFile(bin, args, { env, timeout: config.timeoutMs }, (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, output: stdout.trim() });
        const code = (error as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT'
            ? `${bin} is not installed on the worker's host`
            : error.killed
              ? `no answer in ${config.timeoutMs / 1000} s`
              : stderr.trim() || stdout.trim() || error.message;
        resolve({ ok: false, output: why.replace(/^scontrol: error: /gm, '') });
      });
    });
}

/** The command as an operator would type it, for messages. */
export function commandLine(args: string[]): string {
  return [
    'scontrol',
    ...args.map((arg) => (/[\s"'$`\\]/.test(arg) ? `"${arg.replace(/(["$`\\])/g, '\\$1')}"` : arg)),
  ].join(' ');
}
