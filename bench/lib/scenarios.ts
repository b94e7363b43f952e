// The measured scenarios: what each request is, built from the seeded paths.

export interface ScenarioContext {
  auth: string;
  folders: string[];
  documents: string[];
  publicDocuments: string[];
  privateDocuments: string[];
  editorAuth?: string;
  /** Path of an uploaded image's preview scale (unique URL), already rendered. */
  imageScale?: string;
}

export interface Scenario {
  name: string;
  description: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** The path probed once (its response feeds the ceiling) and wrk's default path. */
  path: string;
  /** When set, wrk rotates over these paths. */
  rotate?: string[];
  body?: unknown;
  /** Request headers (Accept, and Authorization unless anonymous). */
  headers: Record<string, string>;
  /** The status the probe must get. */
  expectStatus: number;
  /** Connections for this scenario instead of --connections. */
  connections?: number;
}

export const SCENARIO_NAMES = [
  'doc',
  'doc-hot',
  'doc-anon',
  'doc-editor',
  'folder',
  'volto',
  'search-text',
  'search-listing',
  'navigation',
  'image-scale',
  'create',
  'create-same',
  'create-1',
  'patch',
] as const;

/** Words a visitor searches for: from the tail of the seeder's vocabulary (rarer, as real queries are). */
const SEARCH_WORDS = [
  'harbour',
  'bridge',
  'river',
  'museum',
  'theatre',
  'festival',
  'village',
  'district',
  'transport',
];

/** Volto's page view asks for these components along with the content. */
export const VOLTO_EXPAND = 'breadcrumbs,actions,types,navigation';

export function buildScenarios(ctx: ScenarioContext): Scenario[] {
  const admin = { accept: 'application/json', authorization: ctx.auth };
  const anon = { accept: 'application/json' };
  const mid = ctx.documents[Math.floor(ctx.documents.length / 2)];
  const folderQuery = '?include_items=true&b_size=25';
  const voltoQuery = `?expand=${VOLTO_EXPAND}`;
  return [
    {
      name: 'doc',
      description: 'GET a document, rotating over all seeded documents (admin)',
      method: 'GET',
      path: mid,
      rotate: ctx.documents,
      headers: admin,
      expectStatus: 200,
    },
    {
      name: 'doc-hot',
      description: 'GET one document, the same URL every time (admin)',
      method: 'GET',
      path: mid,
      headers: admin,
      expectStatus: 200,
    },
    {
      name: 'doc-anon',
      description: 'GET a published document, rotating over them (anonymous)',
      method: 'GET',
      path: ctx.publicDocuments[0] ?? mid,
      rotate: ctx.publicDocuments,
      headers: anon,
      expectStatus: 200,
    },
    ...(ctx.editorAuth && ctx.privateDocuments.length
      ? [
          {
            name: 'doc-editor',
            description:
              'GET a private document as a Member with the Editor role on its folder (local role), rotating',
            method: 'GET' as const,
            path: ctx.privateDocuments[0]!,
            rotate: ctx.privateDocuments,
            headers: { accept: 'application/json', authorization: ctx.editorAuth },
            expectStatus: 200,
          },
        ]
      : []),
    {
      name: 'folder',
      description: `GET a folder ${folderQuery}, rotating over the folders (admin)`,
      method: 'GET',
      path: ctx.folders[0] + folderQuery,
      rotate: ctx.folders.map((f) => f + folderQuery),
      headers: admin,
      expectStatus: 200,
    },
    {
      name: 'volto',
      description: `GET a document ${voltoQuery} as Volto does per page, rotating (admin)`,
      method: 'GET',
      path: mid + voltoQuery,
      rotate: ctx.documents.map((d) => d + voltoQuery),
      headers: admin,
      expectStatus: 200,
    },
    {
      name: 'search-text',
      description:
        'GET /@search?SearchableText=<word>, rotating over 9 words (anonymous: published content only)',
      method: 'GET',
      path: `/@search?SearchableText=${SEARCH_WORDS[0]}`,
      rotate: SEARCH_WORDS.map((w) => `/@search?SearchableText=${w}`),
      headers: anon,
      expectStatus: 200,
      // One connection: the latency of one search without queueing behind
      // others (the p95 goals), as create-1 measures a create.
      connections: 1,
    },
    {
      name: 'search-listing',
      description:
        'GET @search path + portal_type=Document sorted by effective (newest first), b_size=25, fullobjects, rotating over the folders (admin)',
      method: 'GET',
      path: `/@search?path.query=${ctx.folders[0]}&portal_type=Document&sort_on=effective&sort_order=descending&b_size=25&fullobjects=1`,
      rotate: ctx.folders.map(
        (f) =>
          `/@search?path.query=${f}&portal_type=Document&sort_on=effective&sort_order=descending&b_size=25&fullobjects=1`,
      ),
      headers: admin,
      expectStatus: 200,
      // One connection: the latency of one search without queueing behind
      // others (the p95 goals), as create-1 measures a create.
      connections: 1,
    },
    {
      name: 'navigation',
      description:
        'GET <document>/@navigation?expand.navigation.depth=3, rotating over the documents (anonymous)',
      method: 'GET',
      path: `${ctx.publicDocuments[0] ?? mid}/@navigation?expand.navigation.depth=3`,
      rotate: (ctx.publicDocuments.length ? ctx.publicDocuments : ctx.documents).map(
        (d) => `${d}/@navigation?expand.navigation.depth=3`,
      ),
      headers: anon,
      expectStatus: 200,
      // One connection: the latency of one search without queueing behind
      // others (the p95 goals), as create-1 measures a create.
      connections: 1,
    },
    ...(ctx.imageScale
      ? [
          {
            name: 'image-scale',
            description:
              'GET a stored image scale by its unique URL (@@images/image-400-<hash>.jpeg, cache-forever) (admin)',
            method: 'GET' as const,
            path: ctx.imageScale,
            headers: { accept: 'image/*', authorization: ctx.auth },
            expectStatus: 200,
          },
        ]
      : []),
    {
      name: 'create',
      description: `POST create a Document into ${ctx.folders[0]} (a new title each time; the id comes from it) (admin)`,
      method: 'POST',
      path: ctx.folders[0],
      body: { '@type': 'Document', title: 'Benchmark create {{n}}', description: 'Created by bench/run.ts' },
      headers: admin,
      expectStatus: 201,
    },
    {
      name: 'create-same',
      description: `POST create with the same title every time (ids: title-1…title-100, then random suffixes) (admin)`,
      method: 'POST',
      path: ctx.folders[2 % ctx.folders.length],
      body: { '@type': 'Document', title: 'Benchmark create', description: 'Created by bench/run.ts' },
      headers: admin,
      expectStatus: 201,
    },
    {
      name: 'create-1',
      description: `The same POST create with one connection: the service time, without queueing`,
      method: 'POST',
      path: ctx.folders[1 % ctx.folders.length],
      body: { '@type': 'Document', title: 'Benchmark create {{n}}', description: 'Created by bench/run.ts' },
      headers: admin,
      expectStatus: 201,
      connections: 1,
    },
    {
      name: 'patch',
      description: 'PATCH the description of a document, walking all N documents (admin)',
      method: 'PATCH',
      path: mid,
      rotate: ctx.documents,
      body: { description: 'Edited by bench/run.ts' },
      headers: admin,
      expectStatus: 204,
    },
  ];
}
