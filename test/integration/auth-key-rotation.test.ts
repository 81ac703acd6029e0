import test from 'ava';
import { runKeyRotation } from '../../server/domain/keys/run-key-rotation.js';
import { startTestAppliance } from '../helpers/appliance.js';
import { createEnrolledStaff, createMutableClock, signInStaff } from '../helpers/staff.js';
import { tempDir } from '../helpers/external-tool.js';

test('TOTP sign-in keeps working across segl keys rotate, before and after a restart', async (t) => {
  const clock = createMutableClock();
  const dataDir = tempDir('segl-rotate-login-');
  let appliance = await startTestAppliance({ dataDir, clock });
  const before = await createEnrolledStaff(appliance, 'admin', { name: 'Before Rotation' });

  await runKeyRotation({ config: appliance.deps.config });

  // The running server still holds the old KEK in memory; the secrets are now wrapped by the new one.
  t.truthy(await signInStaff(appliance, before, clock), 'an existing user signs in without a restart');
  const after = await createEnrolledStaff(appliance, 'member', { name: 'After Rotation' });
  t.truthy(await signInStaff(appliance, after, clock), 'a user enrolled after the rotation signs in');

  await appliance.close();
  appliance = await startTestAppliance({ dataDir, clock });
  t.truthy(
    await signInStaff(appliance, before, clock),
    'after a restart (new KEK loaded) the first user still signs in',
  );
  t.truthy(await signInStaff(appliance, after, clock), 'and so does the one enrolled in between');
  await appliance.close();
});
