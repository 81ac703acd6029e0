import { z } from 'zod';
import { plainText } from './plain-text.js';

export const loginSchema = z.strictObject({
  email: plainText({ min: 3, max: 320 }),
  password: z.string().min(1).max(1024),
});

export const secondFactorSchema = z.union([
  z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'a 6-digit code') }),
  z.strictObject({ recoveryCode: z.string().trim().min(10).max(40) }),
]);

export const emptySchema = z.strictObject({});
