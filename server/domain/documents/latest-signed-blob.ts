import type { DocumentBlobAttributes } from '../../storage/models/document-blob.js';

/**
 * The signed file to hand out: the newest long-term renewal when there is one (it is the sealed file with more
 * evidence appended), else the sealed file itself; undefined before sealing.
 */
export function latestSignedBlob<T extends Pick<DocumentBlobAttributes, 'kind' | 'createdAt'>>(
  blobs: T[],
): T | undefined {
  const renewed = blobs
    .filter((blob) => blob.kind === 'renewed')
    .sort((a, b) => new Date(a.createdAt ?? 0).getTime() - new Date(b.createdAt ?? 0).getTime())
    .at(-1);
  return renewed ?? blobs.find((blob) => blob.kind === 'final');
}
