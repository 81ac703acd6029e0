import test from 'ava';
import { readFileSync } from 'node:fs';
import { useAppliance } from '../helpers/use-appliance.js';
import { corpusFiles } from '../helpers/corpus.js';
import { uploadDocument } from '../helpers/documents.js';

const { admin } = useAppliance(test);

for (const file of corpusFiles()) {
  test.serial(
    `upload of ${file.name} (${file.expected}): 201 and a byte-identical download, or a 4xx with a code`,
    async (t) => {
      const bytes = readFileSync(file.path);
      const response = await uploadDocument(admin, { bytes, title: file.name });
      const body = (await response.json()) as { id?: string; error?: string; message?: string };
      t.true(response.status < 500, `never a server error: ${JSON.stringify(body)}`);
      if (response.status === 201) {
        t.not(file.expected, 'reject-with-error', `should have been refused: ${file.features}`);
        const download = await admin.api(`/api/v1/documents/${body.id}/pdf`);
        t.true(Buffer.from(await download.arrayBuffer()).equals(bytes), 'download is byte-identical');
      } else {
        t.true(response.status >= 400 && response.status < 500);
        t.regex(body.error ?? '', /^[a-z][a-z0-9_]+$/);
        t.not(file.expected, 'accept', `an acceptable document was refused: ${body.error} ${body.message}`);
      }
    },
  );
}
