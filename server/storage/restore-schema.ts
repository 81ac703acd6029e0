import { Sequelize } from 'sequelize';
import { MIGRATIONS, runMigrations } from './migrations/run-migrations.js';

/**
 * The schema versions this software knows: a backup from newer software (a version beyond these) cannot be restored.
 */
export function knownSchemaVersions(): number[] {
  return MIGRATIONS.map((m) => m.version);
}

/**
 * Creates, in an empty PostgreSQL database, the schema exactly as it was when a backup was taken (only the
 * migrations the backup had), so its rows load as they were; opening the database afterwards applies the newer
 * migrations to them, as an upgrade does.
 */
export async function createSchemaAtVersions(options: { url: string; versions: number[] }): Promise<void> {
  const wanted = new Set(options.versions);
  const sequelize = new Sequelize(options.url, { dialect: 'postgres', logging: false, pool: { max: 1 } });
  try {
    await runMigrations({ sequelize, migrations: MIGRATIONS.filter((m) => wanted.has(m.version)) });
  } finally {
    await sequelize.close();
  }
}
