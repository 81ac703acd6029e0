import { createHash } from 'node:crypto';

/** What the signer agrees to by signing; its hash and language are recorded with the signing event. */
export const CONSENT_TEXT = {
  en:
    'I have read the document shown above and sign it electronically. I agree that my ' +
    'electronic signature, with the identity I proved and the time and IP address recorded, ' +
    'binds me as a handwritten signature would.',
  nb:
    'Jeg har lest dokumentet som vises ovenfor og signerer det elektronisk. Jeg godtar at min ' +
    'elektroniske signatur, med identiteten jeg har bekreftet og tidspunktet og IP-adressen som ' +
    'registreres, binder meg slik en håndskrevet signatur ville gjort.',
} as const;

export function consentRecord(language: 'nb' | 'en'): { language: 'nb' | 'en'; text: string; sha256: string } {
  const text = CONSENT_TEXT[language];
  return { language, text, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}
