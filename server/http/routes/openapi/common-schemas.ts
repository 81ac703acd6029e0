import { z } from 'zod';

/** Ids in bodies: the same shape as route parameter ids (validate.ts idParam). */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an id');
export const createdSchema = z.object({ id: z.string() });
export const roleSchema = z.enum(['viewer', 'editor', 'manager']);
export const errorSchema = z.object({ error: z.string().describe('stable snake_case code'), message: z.string() });
