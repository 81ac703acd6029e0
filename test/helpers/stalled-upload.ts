import { request } from 'node:http';

export interface StalledUpload {
  /** The status the server answered, or 0 when the upload was cut off without an answer. */
  answered: Promise<number>;
  /** Cuts the connection, as a client that goes away mid-upload. */
  cutOff(): void;
}

/**
 * A client that sends its headers and the start of a multipart file to `path`, announcing `announcedBytes`, and then
 * sends nothing more: it holds whatever the server gives a file being uploaded until `cutOff`.
 */
export function startStalledUpload(options: {
  url: string;
  path: string;
  announcedBytes?: number;
  headers?: Record<string, string>;
}): StalledUpload {
  const boundary = 'segl-stalled-upload';
  const upload = request(`${options.url}${options.path}`, {
    method: 'POST',
    headers: {
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(options.announcedBytes ?? 10 * 1024 * 1024),
      ...options.headers,
    },
  });
  const answered = new Promise<number>((resolve) => {
    upload.on('response', (response) => resolve(response.statusCode ?? 0));
    upload.on('error', () => resolve(0));
  });
  upload.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stalled.pdf"\r\n`);
  upload.write('Content-Type: application/pdf\r\n\r\n%PDF-1.7\n');
  return { answered, cutOff: () => upload.destroy() };
}
