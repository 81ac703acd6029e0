/** How a signer proved who they are, as recorded on the signer, in the audit trail and in the stamp. */
export interface SignerIdentity {
  method: string;
  /** `strong` for an identity provider (e.g. BankID through a broker); `simple` for an e-mailed code. */
  level: 'strong' | 'simple';
  providerLabel?: string;
  issuer?: string;
  subject?: string;
  name?: string;
  email?: string;
  birthdate?: string;
  /** Masked: the first six digits (the birth date in a Norwegian number) and stars. */
  nationalIdMasked?: string;
  acr?: string;
  amr?: string[];
}

export function normalizeNationalId(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase();
}

export function maskNationalId(value: string): string {
  const id = normalizeNationalId(value);
  const keep = id.length >= 11 ? 6 : Math.floor(id.length / 2);
  return id.slice(0, keep) + '*'.repeat(id.length - keep);
}

export function normalizeName(value: string): string {
  return value.normalize('NFKC').toLocaleLowerCase('nb').replace(/\s+/g, ' ').trim();
}
