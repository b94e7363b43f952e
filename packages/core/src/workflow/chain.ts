// Which workflow each content type follows (Plone's portal_workflow chains).
// Stored in the 'workflow_chain' setting; these are the defaults of a new site.
import { WORKFLOWS, type WorkflowDef } from './definitions.js';

export interface ChainSetting {
  /** The workflow of types not listed in `types`. */
  default: string | null;
  /** Type name → workflow id, or null for "no workflow" (the item acquires its permissions). */
  types: Record<string, string | null>;
}

export const DEFAULT_CHAIN: ChainSetting = {
  default: 'simple_publication_workflow',
  types: { 'Plone Site': null, File: null, Image: null },
};

export class WorkflowChain {
  constructor(readonly setting: ChainSetting = DEFAULT_CHAIN) {}

  idFor(type: string): string | null {
    return type in this.setting.types ? (this.setting.types[type] ?? null) : this.setting.default;
  }

  forType(type: string): WorkflowDef | null {
    const id = this.idFor(type);
    return id ? (WORKFLOWS[id] ?? null) : null;
  }
}

export function workflowById(id: string): WorkflowDef | undefined {
  return Object.hasOwn(WORKFLOWS, id) ? WORKFLOWS[id] : undefined;
}
