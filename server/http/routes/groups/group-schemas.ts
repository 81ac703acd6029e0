import { z } from 'zod';
import { idSchema } from '../openapi/common-schemas.js';

export const createGroupBody = z.strictObject({ name: z.string().min(1).max(200) });
export const addMemberBody = z.strictObject({ userId: idSchema });

export const groupListSchema = z.object({
  groups: z.array(z.object({ id: z.string(), name: z.string(), memberCount: z.number().int(), createdAt: z.string() })),
});

export const groupDetailsSchema = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.enum(['admin', 'member']) })),
  createdAt: z.string(),
});
