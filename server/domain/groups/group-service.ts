import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { bindContext } from '../bind-context.js';
import { addGroupMember } from './add-group-member.js';
import { createGroup } from './create-group.js';
import { deleteGroup } from './delete-group.js';
import { getGroup } from './get-group.js';
import { listGroups } from './list-groups.js';
import { removeGroupMember } from './remove-group-member.js';

/** Staff groups and their members. */
export function createGroupService(context: { db: Database; clock: Clock }) {
  const bind = bindContext(context);
  return {
    create: bind(createGroup),
    list: () => listGroups({ db: context.db }),
    get: bind(getGroup),
    addMember: bind(addGroupMember),
    removeMember: bind(removeGroupMember),
    delete: bind(deleteGroup),
  };
}

export type GroupService = ReturnType<typeof createGroupService>;
