import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

/** A plain text document with `pages` pages, for tests and benchmarks (pdf-lib writes it; we never sign with it). */
export async function createSamplePdf(options: {
  pages: number;
  objectStreams?: boolean;
  title?: string;
  padBytes?: number;
}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(options.title ?? `Sample ${options.pages} pages`);
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= options.pages; i += 1) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`${options.title ?? 'Agreement'} — page ${i} of ${options.pages}`, {
      x: 56,
      y: 780,
      size: 14,
      font,
      color: rgb(0.1, 0.1, 0.1),
    });
    for (let line = 0; line < 30; line += 1) {
      page.drawText(`Clause ${i}.${line + 1}: The parties agree to the terms set out in this section.`, {
        x: 56,
        y: 740 - line * 20,
        size: 10,
        font,
      });
    }
  }
  if (options.padBytes && options.padBytes > 0) {
    // A large incompressible attachment makes a big file without thousands of pages.
    const filler = new Uint8Array(options.padBytes);
    let x = 0x12345678;
    for (let i = 0; i < filler.length; i += 1) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      filler[i] = x & 0xff;
    }
    await doc.attach(filler, 'filler.bin', { mimeType: 'application/octet-stream' });
  }
  return doc.save({ useObjectStreams: options.objectStreams ?? false });
}
