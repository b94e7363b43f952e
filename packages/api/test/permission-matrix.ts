// The permission matrix, as data: every shipped role × simple_publication_workflow
// state × action → what Plone allows. permission-matrix.test.ts replays it
// over the API. Contributor, Editor, Reader and Reviewer are local roles on
// the container (granted through @sharing); Member, Site Administrator and
// Manager are global roles; Owner created the item.

export const STATES = ['private', 'pending', 'published'] as const;
export type State = (typeof STATES)[number];

export type Role =
  | 'Anonymous'
  | 'Member'
  | 'Contributor'
  | 'Editor'
  | 'Reader'
  | 'Reviewer'
  | 'Site Administrator'
  | 'Manager'
  | 'Owner';

export interface Expect {
  /** GET the item. */
  view: boolean;
  /** The item is in its container's listing. */
  list: boolean;
  /** PATCH the item. */
  edit: boolean;
  /** POST a Document into the item (a folder). */
  add: boolean;
  /** DELETE the item. */
  delete: boolean;
  /** GET/POST @sharing on the item. */
  sharing: boolean;
  /** The transitions @workflow offers (and POST allows); null: @workflow refused (cannot view). */
  transitions: string[] | null;
}

const no: Expect = {
  view: false,
  list: false,
  edit: false,
  add: false,
  delete: false,
  sharing: false,
  transitions: null,
};
const seeOnly = (transitions: string[] = []): Expect => ({ ...no, view: true, list: true, transitions });

const ADMIN = (s: State): Expect => ({
  view: true,
  list: true,
  edit: true,
  add: true,
  delete: true,
  sharing: true,
  transitions: {
    private: ['publish', 'submit'],
    pending: ['publish', 'reject', 'retract'],
    published: ['reject', 'retract'],
  }[s],
});

const RETRACTOR = { private: ['submit'], pending: ['retract'], published: ['retract'] };

export const MATRIX: Record<Role, Record<State, Expect>> = {
  Anonymous: { private: no, pending: no, published: seeOnly() },
  Member: { private: no, pending: no, published: seeOnly() },
  Reader: { private: seeOnly(), pending: seeOnly(), published: seeOnly() },
  Contributor: {
    private: { ...seeOnly(RETRACTOR.private), add: true },
    pending: { ...seeOnly(RETRACTOR.pending), add: true },
    published: { ...seeOnly(RETRACTOR.published), add: true },
  },
  Editor: {
    private: { ...seeOnly(RETRACTOR.private), edit: true, delete: true, sharing: true },
    pending: { ...seeOnly(RETRACTOR.pending), delete: true, sharing: true },
    published: { ...seeOnly(RETRACTOR.published), edit: true, delete: true, sharing: true },
  },
  Reviewer: {
    private: no,
    pending: { ...seeOnly(['publish', 'reject']), edit: true },
    published: seeOnly(['reject']),
  },
  Owner: {
    private: { ...seeOnly(RETRACTOR.private), edit: true, add: true, delete: true, sharing: true },
    pending: { ...seeOnly(RETRACTOR.pending), add: true, delete: true, sharing: true },
    published: { ...seeOnly(RETRACTOR.published), add: true, delete: true, sharing: true },
  },
  'Site Administrator': {
    private: ADMIN('private'),
    pending: ADMIN('pending'),
    published: ADMIN('published'),
  },
  Manager: { private: ADMIN('private'), pending: ADMIN('pending'), published: ADMIN('published') },
};
