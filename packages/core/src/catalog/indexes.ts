// The catalog's indexes, as plone.restapi clients name them, and what each
// is: how it is queried and whether results can be sorted on it.

export type IndexKind = 'path' | 'field' | 'date' | 'boolean' | 'int' | 'keyword' | 'text' | 'uuid';

export interface IndexDef {
  kind: IndexKind;
  sortable: boolean;
}

const field = { kind: 'field', sortable: true } as const;
const date = { kind: 'date', sortable: true } as const;
const boolean = { kind: 'boolean', sortable: true } as const;
const text = { kind: 'text', sortable: false } as const;

export const INDEXES = {
  path: { kind: 'path', sortable: true },
  portal_type: field,
  review_state: field,
  Creator: field,
  getId: field,
  id: field,
  Language: field,
  sortable_title: field,
  UID: { kind: 'uuid', sortable: false },
  created: date,
  modified: date,
  effective: date,
  expires: date,
  start: date,
  end: date,
  getObjPositionInParent: { kind: 'int', sortable: true },
  is_folderish: boolean,
  exclude_from_nav: boolean,
  Subject: { kind: 'keyword', sortable: false },
  allowedRolesAndUsers: { kind: 'keyword', sortable: false },
  SearchableText: text,
  Title: text,
  Description: text,
} as const satisfies Record<string, IndexDef>;

export type IndexName = keyof typeof INDEXES;
export type TextIndex = 'SearchableText' | 'Title' | 'Description';
export type KeywordIndex = 'Subject' | 'allowedRolesAndUsers';

export function isIndex(name: string): name is IndexName {
  return Object.hasOwn(INDEXES, name);
}
