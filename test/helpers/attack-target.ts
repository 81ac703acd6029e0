import { deflateSync } from 'node:zlib';
import { requestTimestamp } from '../../server/crypto/timestamp-client.js';
import type { Sealer } from '../../server/domain/sealer.js';
import {
  appendSignedRevision,
  buildPdf,
  lastTrailer,
  stream,
  type RevisionOptions,
} from '../../scripts/lib/pdf-forge.js';

/**
 * The document every attack starts from: one page that shows an amount in text, in a form field and in an
 * XObject, with a font, a signed-for layout, and a reference (/Ghost, object 99) that the signed revision leaves
 * empty. Object numbers are fixed so that attacks can name what they redefine.
 */
export const TARGET = {
  catalog: 1,
  pages: 2,
  page: 3,
  content: 4,
  font: 5,
  xobject: 6,
  form: 7,
  field: 8,
  fieldAppearance: 9,
  info: 10,
  fieldsArray: 11,
  ghost: 99,
} as const;

export const TARGET_CONTENT =
  'BT /F1 18 Tf 72 720 Td (Amount due: 100 EUR) Tj ET q 1 0 0 1 72 600 cm /Logo Do Q /Ghost Do';

/** The page dictionary with the given /Annots items and, optionally, other /Contents. */
export function pageBody(annots: string, contents = `${TARGET.content} 0 R`): string {
  const t = TARGET;
  return (
    `<< /Type /Page /Parent ${t.pages} 0 R /MediaBox [0 0 595 842] /Contents ${contents} ` +
    `/Resources << /Font << /F1 ${t.font} 0 R >> ` +
    `/XObject << /Logo ${t.xobject} 0 R /Ghost ${t.ghost} 0 R >> >> /Annots [${annots}] >>`
  );
}

export function targetPdf(): Buffer {
  const t = TARGET;
  return buildPdf(
    {
      [t.catalog]: `<< /Type /Catalog /Pages ${t.pages} 0 R /AcroForm ${t.form} 0 R >>`,
      [t.pages]: `<< /Type /Pages /Kids [${t.page} 0 R] /Count 1 >>`,
      [t.page]: pageBody(`${t.field} 0 R`),
      [t.content]: stream('/Filter /FlateDecode', deflateSync(Buffer.from(TARGET_CONTENT, 'latin1'))),
      [t.font]: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
      [t.xobject]: stream(
        '/Type /XObject /Subtype /Form /BBox [0 0 200 50] /Resources << /Font << /F1 5 0 R >> >>',
        'BT /F1 12 Tf 0 20 Td (Approved: 100 EUR) Tj ET',
      ),
      [t.form]: `<< /Fields ${t.fieldsArray} 0 R /DA (/Helv 0 Tf 0 g) >>`,
      [t.fieldsArray]: `[${t.field} 0 R]`,
      [t.field]:
        `<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (100) /Rect [72 500 272 530] /F 4 ` +
        `/P ${t.page} 0 R /AP << /N ${t.fieldAppearance} 0 R >> >>`,
      [t.fieldAppearance]: stream(
        '/Type /XObject /Subtype /Form /BBox [0 0 200 30] /Resources << /Font << /F1 5 0 R >> >>',
        'BT /F1 12 Tf 2 10 Td (100) Tj ET',
      ),
      [t.info]: '<< /Title (Attack target) /Producer (segl tests) >>',
    },
    { info: t.info },
  );
}

/** A timestamp function on the appliance's own TSA: what anyone could fetch from a public /tsa. */
export function applianceTimestamp(sealer: Sealer): (digest: Buffer) => Promise<Uint8Array> {
  return async (digest) => (await requestTimestamp({ digest, sources: sealer.timestampSources })).token;
}

/**
 * Appends a document timestamp in a new revision: a new invisible (or, when asked, visible) signature field whose
 * value is an RFC 3161 token over the file, as any LTA tool would add it.
 */
export async function appendDocumentTimestamp(
  pdf: Buffer,
  options: { sealer: Sealer; fieldsNow: string; annotsNow: string; visible?: boolean; extra?: RevisionOptions },
): Promise<Buffer> {
  const { size } = lastTrailer(pdf);
  const sigNum = size;
  const fieldNum = size + 1;
  const apNum = size + 2;
  const rect = options.visible ? '[0 0 595 842]' : '[0 0 0 0]';
  const ap = options.visible ? ` /AP << /N ${apNum} 0 R >>` : '';
  const objects: Record<number, string | Buffer> = {
    ...options.extra?.objects,
    [fieldNum]:
      `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Stamp${sigNum}) /V ${sigNum} 0 R ` +
      `/Rect ${rect} /F 4 /P ${TARGET.page} 0 R${ap} >>`,
    [TARGET.fieldsArray]: `[${options.fieldsNow} ${fieldNum} 0 R]`,
  };
  if (options.visible) {
    objects[TARGET.page] = pageBody(`${options.annotsNow} ${fieldNum} 0 R`);
    objects[apNum] = stream(
      '/Type /XObject /Subtype /Form /BBox [0 0 595 842]',
      '1 1 1 rg 0 0 595 842 re f 0 g BT /Helvetica 18 Tf 72 720 Td (Amount due: 9999 EUR) Tj ET',
    );
  }
  return appendSignedRevision(pdf, {
    ...options.extra,
    objects,
    sigNum,
    sigDict: '/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161',
    sign: applianceTimestamp(options.sealer),
  });
}
