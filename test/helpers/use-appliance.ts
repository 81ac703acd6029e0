import type { TestFn } from 'ava';
import { rmSync } from 'node:fs';
import { startTestAppliance, type TestAppliance, type TestApplianceOptions } from './appliance.js';
import { createTestStaff, type TestStaff } from './staff.js';
import { standIn } from './stand-in.js';

/** A staff user with a full-scope API token: true for a generated name, or the name to give. */
type StaffWanted = boolean | string;

export interface UseApplianceOptions extends TestApplianceOptions {
  /** An administrator (default: one with a generated name). */
  admin?: StaffWanted;
  /** A member (default: none). */
  member?: StaffWanted;
}

export interface UsedAppliance {
  appliance: TestAppliance;
  admin: TestStaff;
  member: TestStaff;
}

/**
 * One appliance for the tests of a file: started in a serial `test.before` with the staff asked for (so hooks
 * declared after it can use it), closed in `test.after.always` (its temporary data directory removed unless
 * SEGL_KEEP_TEST_FILES is set). Options are read when the hook runs, so they may use what an earlier `test.before`
 * started (an SMTP server, an identity provider).
 *
 *   const { appliance, admin, member } = useAppliance(test, { member: true });
 */
export function useAppliance(
  test: TestFn,
  options: UseApplianceOptions | (() => UseApplianceOptions) = {},
): UsedAppliance {
  let appliance: TestAppliance | undefined;
  let removeDataDir = false;
  const staff: { admin?: TestStaff; member?: TestStaff } = {};
  const createStaff = async (role: 'admin' | 'member', wanted: StaffWanted | undefined) => {
    if (!wanted) return undefined;
    return createTestStaff(appliance!, role, typeof wanted === 'string' ? wanted : undefined);
  };

  // serial: hooks declared after this one (and the tests) start once it is done
  test.serial.before(async () => {
    const { admin = true, member = false, ...start } = typeof options === 'function' ? options() : options;
    appliance = await startTestAppliance(start);
    removeDataDir = start.dataDir === undefined && !process.env.SEGL_KEEP_TEST_FILES;
    staff.admin = await createStaff('admin', admin);
    staff.member = await createStaff('member', member);
  });
  test.serial.after.always(async () => {
    await appliance?.close();
    if (appliance && removeDataDir) rmSync(appliance.dataDir, { recursive: true, force: true });
  });

  return {
    appliance: standIn(() => appliance, 'the appliance'),
    admin: standIn(() => staff.admin, 'the administrator'),
    member: standIn(() => staff.member, 'the member (useAppliance option `member`)'),
  };
}
