import busboy from 'busboy';
import type { Context } from 'koa';
import { SeglError } from '../lib/errors.js';

export interface MultipartUpload {
  file: Buffer;
  filename?: string;
  fields: Record<string, string>;
}

const MAX_FIELD_BYTES = 4096;
/** Room for the multipart framing and the text fields on top of the file itself. */
const FRAMING_ALLOWANCE = 64 * 1024;

function tooLarge(limit: number): SeglError {
  return new SeglError({ code: 'payload_too_large', message: `the file may be at most ${limit} bytes` });
}

function badRequest(message: string): SeglError {
  return new SeglError({ code: 'invalid_request', message, status: 400 });
}

/**
 * Reads `multipart/form-data` with one file part `file` (at most `maxFileBytes`) and small text fields. An oversized
 * upload is refused with 413 as soon as it passes the limit; the rest of the request is drained, not parsed.
 */
export async function readMultipartUpload(ctx: Context, options: { maxFileBytes: number }): Promise<MultipartUpload> {
  const type = (ctx.get('Content-Type') || '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) {
    throw new SeglError({ code: 'unsupported_media_type', message: 'send multipart/form-data with a "file" part' });
  }
  const declared = Number(ctx.get('Content-Length') || 0);
  const refuse = (error: SeglError) => {
    ctx.set('Connection', 'close');
    ctx.req.unpipe();
    ctx.req.resume();
    return error;
  };
  if (declared > options.maxFileBytes + FRAMING_ALLOWANCE) throw refuse(tooLarge(options.maxFileBytes));

  return new Promise<MultipartUpload>((resolve, reject) => {
    // A client gone before the read starts (while the route awaited something) has already had its 'aborted' and
    // 'close' events: nothing would end this read, and whatever the caller holds for it would never be given back.
    if (ctx.req.destroyed) {
      reject(badRequest('the upload was aborted'));
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        limits: { fileSize: options.maxFileBytes, files: 1, fields: 20, fieldSize: MAX_FIELD_BYTES, parts: 30 },
      });
    } catch (error) {
      reject(badRequest(`malformed multipart request: ${(error as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let filename: string | undefined;
    let sawFile = false;
    let failed = false;
    const fail = (error: SeglError) => {
      if (failed) return;
      failed = true;
      reject(refuse(error));
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(badRequest(`field ${name} is too long`));
      else fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      // busboy reports a part cut short ("Unexpected end of form") on the part's own stream; unheard, it would be
      // an uncaught exception that ends the process
      stream.on('error', (error: Error) => fail(badRequest(`malformed multipart request: ${error.message}`)));
      if (name !== 'file' || sawFile) {
        stream.resume();
        if (name !== 'file') fail(badRequest(`unexpected file part "${name}": send the PDF as "file"`));
        return;
      }
      sawFile = true;
      filename = info.filename;
      stream.on('data', (chunk: Buffer) => {
        if (!failed) chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge(options.maxFileBytes)));
    });
    parser.on('filesLimit', () => undefined);
    parser.on('partsLimit', () => fail(badRequest('too many parts')));
    parser.on('error', (error: Error) => fail(badRequest(`malformed multipart request: ${error.message}`)));
    parser.on('close', () => {
      if (failed) return;
      if (!sawFile) {
        failed = true;
        reject(badRequest('the "file" part is missing'));
        return;
      }
      resolve({ file: Buffer.concat(chunks), filename, fields });
    });
    // a client gone mid-upload must end the read, or whatever the caller holds for it is never given back
    ctx.req.on('close', () => {
      if (!ctx.req.complete) fail(badRequest('the upload was aborted'));
    });
    ctx.req.pipe(parser);
  });
}
