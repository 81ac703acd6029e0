/** Who did something: a staff user, a signer, an API client acting as a user, or the appliance itself. */
export type AuditActor =
  | { kind: 'staff'; id: string; name?: string }
  | { kind: 'signer'; id: string; name: string; email: string }
  | { kind: 'system'; name: 'segl' };

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', name: 'segl' };

export function staffActor(principal: { userId: string; name: string }): AuditActor {
  return { kind: 'staff', id: principal.userId, name: principal.name };
}

export function signerActor(signer: { id: string; name: string; email: string }): AuditActor {
  return { kind: 'signer', id: signer.id, name: signer.name, email: signer.email };
}
