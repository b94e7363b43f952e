// The registry: every record the site knows, from the control panels' fields
// (record `<prefix>.<field>`) and the standalone records, sorted by name as
// Plone's registry lists them.
import type { FieldSchema } from '../types/model.js';
import type { ControlPanelDef, RegistryRecord } from './model.js';
import { CONTROL_PANELS } from './panels/index.js';
import { querystringRecords } from './querystring.js';

export const recordNameOf = (panel: ControlPanelDef, field: string) => `${panel.prefix}.${field}`;

function panelRecords(panel: ControlPanelDef): RegistryRecord[] {
  return Object.entries(panel.fields).map(([field, schema]: [string, FieldSchema]) => ({
    name: recordNameOf(panel, field),
    schema,
    required: panel.required.includes(field),
    constraint: panel.constraints?.[field],
  }));
}

function build(): ReadonlyMap<string, RegistryRecord> {
  const all = [...CONTROL_PANELS.flatMap(panelRecords), ...querystringRecords()];
  // Code point order, like the BTree Plone keeps its records in.
  all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const map = new Map<string, RegistryRecord>();
  for (const r of all) {
    if (map.has(r.name)) throw new Error(`registry record ${r.name} is defined twice`);
    map.set(r.name, r);
  }
  return map;
}

let records: ReadonlyMap<string, RegistryRecord> | undefined;

/** Every record, by name, in name order. */
export function registryRecords(): ReadonlyMap<string, RegistryRecord> {
  records ??= build();
  return records;
}

export function registryRecord(name: string): RegistryRecord | undefined {
  return registryRecords().get(name);
}
