import { z } from 'zod';
import type { PathParam } from './route-contract.js';

/** Ids in paths and bodies: what the appliance's ids look like (anything else is never looked up). */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an id');
export const createdSchema = z.object({ id: z.string() });
/** A date in ISO 8601, read as a Date (anything `Date.parse` cannot read is refused). */
export const isoDate = z
  .string()
  .max(40)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO 8601 date')
  .transform((value) => new Date(value));
/** The query fields of a keyset-paged list: at most `limit` rows, after the `cursor` an earlier page answered. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).optional().describe('1 to 100'),
  cursor: z
    .string()
    .max(500)
    .regex(/^[A-Za-z0-9_-]*$/, 'not a cursor')
    .optional(),
};
export const roleSchema = z.enum(['viewer', 'editor', 'manager']);
export const errorSchema = z.object({ error: z.string().describe('stable snake_case code'), message: z.string() });
/** Routes that take no query parameters still refuse unknown ones. */
export const emptyQuery = z.strictObject({});
/** Routes whose body carries nothing: `{}` or no body. */
export const emptyBody = z.strictObject({});
/**
 * The query of an OpenID provider's redirect back to us (RFC 6749 4.1.2): the code and state, or an error. Loose:
 * providers add parameters of their own.
 */
export const oidcCallbackQuery = z.looseObject({
  state: z.string().max(500).optional(),
  code: z.string().max(4000).optional(),
  error: z.string().max(200).optional(),
});

/** A path parameter that is an id: another shape answers 404 `not_found`, as an unknown id does. */
export function idParam(description: string): PathParam<string> {
  return { description, schema: idSchema };
}
