import { systemClock, type Clock } from '../../server/lib/clock.js';
import { loadConfig } from '../../server/lib/config.js';
import { createLogger } from '../../server/lib/logger.js';
import { openAppliance } from '../../server/main.js';
import type { CommandContext } from '../segl.js';

/**
 * The appliance of the command's data directory, as the CLI opens it beside a running server: quiet (a command
 * prints its own output), and without storage repair, which is the server's to do.
 */
export function openCommandAppliance(context: CommandContext, clock: Clock = systemClock) {
  const config = loadConfig({ dataDir: context.dataDir });
  return openAppliance({ config, logger: createLogger({ level: 'silent' }), clock, repairStorage: false });
}
