/**
 * Where a request came from, as the HTTP layer saw it (`clientOf` in server/http): recorded with audit and staff
 * events. Absent for the CLI and jobs.
 */
export interface RequestOrigin {
  ip?: string | null;
  userAgent?: string | null;
}
