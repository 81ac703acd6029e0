import { join } from 'node:path';
import { SeglError } from '../lib/errors.js';

export type DatabaseLocation = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/** Where the database is, as openDatabase reads DATABASE_URL: PostgreSQL, a SQLite file, or DATA/segl.sqlite. */
export function databaseLocation(options: { dataDir: string; databaseUrl?: string }): DatabaseLocation {
  const url = options.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  if (!url) return { dialect: 'sqlite', path: join(options.dataDir, 'segl.sqlite') };
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', path: url.replace(/^sqlite:(\/\/)?/, '') };
  throw new SeglError({
    code: 'invalid_config',
    message: 'DATABASE_URL must be postgres://... or sqlite:PATH',
  });
}
