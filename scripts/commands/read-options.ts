import { UsageError } from '../cli-output.js';

/** Reads required `--name VALUE` / `--name=VALUE` options; anything else is a usage error. */
export function readOptions<N extends string>(options: {
  args: string[];
  names: N[];
  usage: string;
}): Record<N, string> {
  const values: Partial<Record<N, string>> = {};
  const { args, names, usage } = options;
  for (let i = 0; i < args.length; i += 1) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]);
    const name = match?.[1] as N | undefined;
    if (!match || !name || !names.includes(name)) throw new UsageError(`unexpected argument "${args[i]}"; ${usage}`);
    let value = match[2];
    if (value === undefined) {
      value = args[i + 1];
      i += 1;
    }
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value; ${usage}`);
    values[name] = value;
  }
  for (const name of names) if (values[name] === undefined) throw new UsageError(`--${name} is required; ${usage}`);
  return values as Record<N, string>;
}
