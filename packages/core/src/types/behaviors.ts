// The default behaviors, by name. Definitions are data in the same shape a
// site could store; defaultBehaviors() hands out fresh copies.
import {
  collection,
  leadImage,
  richTextBehavior,
  tableOfContents,
  thumbIcon,
  voltoBlocks,
  voltoBlocksEditableLayout,
} from './behaviors-content.js';
import {
  eventAttendees,
  eventBasic,
  eventContact,
  eventLocation,
  eventRecurrence,
} from './behaviors-event.js';
import {
  allowDiscussion,
  basic,
  categorization,
  dublinCore,
  excludeFromNavigation,
  markers,
  nextPreviousToggle,
  ownership,
  publication,
  relatedItems,
  shortName,
  versioning,
} from './behaviors-metadata.js';
import type { BehaviorDef } from './model.js';

const ALL: BehaviorDef[] = [
  dublinCore,
  basic,
  categorization,
  publication,
  ownership,
  shortName,
  excludeFromNavigation,
  allowDiscussion,
  relatedItems,
  versioning,
  nextPreviousToggle,
  richTextBehavior,
  tableOfContents,
  leadImage,
  collection,
  thumbIcon,
  eventBasic,
  eventRecurrence,
  eventLocation,
  eventAttendees,
  eventContact,
  voltoBlocks,
  voltoBlocksEditableLayout,
  ...markers,
];

/** Every default behavior, keyed by name, as fresh deep copies. */
export function defaultBehaviors(): Map<string, BehaviorDef> {
  return new Map(ALL.map((b) => [b.name, structuredClone(b)]));
}

/** Names of the default behaviors, sorted (the order of the dexterity-types control panel). */
export function defaultBehaviorNames(): string[] {
  return ALL.map((b) => b.name).sort();
}
