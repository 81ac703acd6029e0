import { type PdfDict, PdfRef } from './pdf-objects.js';
import type { UpdateObject } from './incremental-writer.js';

/**
 * Puts the new version of a dictionary the catalog names under `key` (the form, the DSS) into an update: redefined
 * in place when it was an object of its own, so that nothing is orphaned; otherwise a new object (`newRef` gives its
 * number) that the catalog, written again, points to.
 */
export function updateCatalogEntry(options: {
  objects: UpdateObject[];
  rootRef: PdfRef;
  catalog: PdfDict;
  key: string;
  value: PdfDict;
  newRef: () => PdfRef;
}): void {
  const { objects, rootRef, catalog, key, value } = options;
  const current = catalog.get(key);
  if (current instanceof PdfRef) {
    objects.push({ ref: current, value });
  } else {
    const ref = options.newRef();
    objects.push({ ref, value });
    catalog.set(key, ref);
    objects.push({ ref: rootRef, value: catalog });
  }
}
