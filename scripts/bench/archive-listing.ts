import { randomBytes, randomUUID } from 'node:crypto';
import { createDocumentCode } from '../../server/domain/documents/document-code.js';
import { searchTextOf } from '../../server/domain/documents/search-text.js';
import { listDocuments, type DocumentFilter } from '../../server/domain/documents/list-documents.js';
import { getDocument } from '../../server/domain/documents/get-document.js';
import { createGrant } from '../../server/domain/folders/create-grant.js';
import { seedDocuments, seedFolders } from '../../server/domain/benchmark/seed-archive.js';
import { createBenchUser, loadBenchAccess, openBenchArchive } from './bench-appliance.js';
import type { OpenedAppliance } from '../../server/main.js';
import { progress } from './log.js';
import { round } from './stats.js';

export interface ListingCase {
  name: string;
  medianMs: number;
  p95Ms: number;
  runs: number;
  rows: number;
}

export interface ArchiveListingReport {
  documents: number;
  folders: number;
  seedSeconds: number;
  cases: ListingCase[];
  /** Slowest median of the plain list cases (no search). */
  slowestMedianMs: number;
  /** Slowest median of the search cases (?q= over title, code, signer names and e-mails; worst case a full scan). */
  slowestSearchMedianMs: number;
}

const FOLDERS = 50;
const TITLES = ['Employment contract', 'Invoice', 'Lease agreement', 'Purchase order', 'NDA', 'Consent form'];

/** Seeds documents straight into the tables, spread over folders and 90 days. */
async function seed(deps: OpenedAppliance, count: number, folderIds: string[]): Promise<void> {
  const start = Date.now() - 90 * 24 * 3600 * 1000;
  const documents = Array.from({ length: count }, (_, n) => {
    const createdAt = new Date(start + Math.floor((n / count) * 90 * 24 * 3600 * 1000));
    const code = createDocumentCode();
    const title = `${TITLES[n % TITLES.length]} ${n}`;
    // two signers each, as the search column holds them (the signers table is not read by a search)
    const signers = [
      { name: `Signer ${n} Nordmann`, email: `signer-${n}@example.org` },
      { name: `Witness ${n % 997}`, email: `witness-${n % 997}@example.net` },
    ];
    return {
      id: randomUUID(),
      code,
      title,
      searchText: searchTextOf({ title, code, signers }),
      folderId: folderIds[n % folderIds.length],
      status: n % 10 === 0 ? 'completed' : n % 7 === 0 ? 'pending' : 'draft',
      sha256: randomBytes(32).toString('hex'),
      sizeBytes: 100_000 + n,
      pageCount: 1 + (n % 20),
      createdAt,
      updatedAt: createdAt,
    } as const;
  });
  await seedDocuments({ db: deps.db, documents });
}

async function time(
  run: () => Promise<number>,
  runs: number,
): Promise<{ medianMs: number; p95Ms: number; rows: number }> {
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs + 3; i += 1) {
    const started = performance.now();
    rows = await run();
    if (i >= 3) samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    medianMs: round(samples[Math.floor(samples.length / 2)]),
    p95Ms: round(samples[Math.floor(samples.length * 0.95)]),
    rows,
  };
}

/** List and get latency over an archive of `count` documents, as an admin and as a member with a few folders. */
export async function measureArchiveListing(options: {
  deps: OpenedAppliance;
  count: number;
  runs: number;
}): Promise<ArchiveListingReport> {
  const { deps } = options;
  const now = new Date();
  const folderIds = await seedFolders({ db: deps.db, names: Array.from({ length: FOLDERS }, (_, i) => `Folder ${i}`) });
  const seedStarted = performance.now();
  await seed(deps, options.count, folderIds);
  const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
  progress(`archive listing: ${options.count} documents seeded in ${seedSeconds} s`);

  const admin = await createBenchUser({ deps, name: 'Admin', role: 'admin' });
  const member = await createBenchUser({ deps, name: 'Member', role: 'member' });
  const adminAccess = await loadBenchAccess({ deps, user: admin });
  for (const folderId of folderIds.slice(0, 5)) {
    const grant = { folderId, userId: member.id, role: 'viewer' } as const;
    await createGrant({ db: deps.db, clock: deps.clock, access: adminAccess, ...grant });
  }
  const archive = openBenchArchive({ deps });

  const list = (user: typeof admin, filter: DocumentFilter) => async () => {
    const access = await loadBenchAccess({ deps, user });
    return (await listDocuments({ archive, access, filter })).documents.length;
  };
  // A cursor half-way down the archive, to show that deep pages cost the same as the first.
  const middle = new Date(now.getTime() - 45 * 24 * 3600 * 1000);
  const cursor =
    (await listDocuments({ archive, access: adminAccess, filter: { createdTo: middle, limit: 1 } })).nextCursor ??
    undefined;
  const some = (await listDocuments({ archive, access: adminAccess, filter: { limit: 1, cursor } })).documents[0];
  const someId = some.id;

  const cases: [string, () => Promise<number>][] = [
    ['admin, first page of 100', list(admin, { limit: 100 })],
    ['admin, page of 100 half-way down (cursor)', list(admin, { limit: 100, cursor })],
    ['admin, one folder, page of 100', list(admin, { limit: 100, folderId: folderIds[7] })],
    ['admin, status completed, page of 100', list(admin, { limit: 100, status: 'completed' })],
    ['admin, search "lease" (title), page of 100', list(admin, { limit: 100, q: 'lease' })],
    ['admin, search a whole code with hyphens, lower case', list(admin, { limit: 25, q: some.code.toLowerCase() })],
    [
      'admin, search a code fragment without hyphens',
      list(admin, { limit: 25, q: some.code.replace(/-/g, '').slice(3, 10) }),
    ],
    [
      'admin, search a signer e-mail that matches one document (whole archive scanned)',
      list(admin, { limit: 25, q: `signer-${Math.floor(options.count / 2)}@example.org` }),
    ],
    [
      'admin, search a signer name that matches ~100 documents, page of 25',
      list(admin, { limit: 25, q: 'witness 500' }),
    ],
    [
      'member with 5 folders, search title and name words, page of 25',
      list(member, { limit: 25, q: 'lease nordmann' }),
    ],
    ['member with 5 folders, search that matches nothing', list(member, { limit: 25, q: 'no-such-person@nowhere' })],
    [
      'admin, created in one week, page of 100',
      list(admin, { limit: 100, createdFrom: new Date(middle.getTime() - 7 * 86400_000), createdTo: middle }),
    ],
    ['member with 5 folders, first page of 100', list(member, { limit: 100 })],
    ['member with 5 folders, half-way down (cursor)', list(member, { limit: 100, cursor })],
    [
      'admin, get one document by id',
      async () => {
        await getDocument({
          archive,
          access: await loadBenchAccess({ deps, user: admin }),
          documentId: someId,
          defaultRetentionDays: null,
        });
        return 1;
      },
    ],
  ];
  const results: ListingCase[] = [];
  for (const [name, run] of cases) {
    const stats = await time(run, options.runs);
    results.push({ name, ...stats, runs: options.runs });
    progress(`archive listing: ${name}: median ${stats.medianMs} ms, p95 ${stats.p95Ms} ms`);
  }
  const slowest = (cases: ListingCase[]) => Math.max(0, ...cases.map((r) => r.medianMs));
  const isSearch = (r: ListingCase) => r.name.includes('search');
  return {
    documents: options.count,
    folders: FOLDERS,
    seedSeconds,
    cases: results,
    slowestMedianMs: slowest(results.filter((r) => !isSearch(r))),
    slowestSearchMedianMs: slowest(results.filter(isSearch)),
  };
}
