import type { TestAppliance } from './appliance.js';
import { createUser } from '../../server/domain/users/create-user.js';
import { createApiToken } from '../../server/domain/tokens/create-api-token.js';

export interface TestStaff {
  id: string;
  email: string;
  token: string;
  tokenId: string;
  /** `fetch` against the appliance with this user's bearer token. */
  api(path: string, init?: RequestInit): Promise<Response>;
}

let counter = 0;

/** A staff user with a full-scope API token, created through the domain (as `segl token create` does). */
export async function createTestStaff(appliance: TestAppliance, role: 'admin' | 'member', name = `${role} ${++counter}`): Promise<TestStaff> {
  const { db, clock } = appliance.deps;
  const user = await createUser({ db, clock, email: `${name.replace(/\W+/g, '.')}.${Date.now()}.${counter}@example.org`, name, role });
  const token = await createApiToken({ db, clock, userId: user.id, name: 'test' });
  return {
    id: user.id,
    email: user.email,
    token: token.token,
    tokenId: token.id,
    api: (path, init = {}) => fetch(`${appliance.url}${path}`, { ...init, headers: { Authorization: `Bearer ${token.token}`, ...(init.headers ?? {}) } }),
  };
}
