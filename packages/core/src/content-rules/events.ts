// The events a rule can be triggered by: plone.contentrules.events, whose
// tokens are the event titles (Plone registers each IRuleEventType utility
// under its title, and plone.restapi's add form takes that title as the
// "event" value). Tessera fires the content events below; rules on the other
// events can be stored (so clients and migrations keep them) but never run.
import type { Term } from '../vocabularies/model.js';

export type ContentEvent = 'added' | 'modified' | 'removed' | 'moved' | 'copied' | 'workflow';

/** The event title a content change fires, as the rules name it. */
export const EVENT_TITLES: Readonly<Record<ContentEvent, string>> = {
  added: 'Object added to this container',
  modified: 'Object modified',
  removed: 'Object removed from this container',
  moved: 'Object moved',
  copied: 'Object copied',
  workflow: 'Workflow state changed',
};

/** Every event Plone offers, with the interface name Plone's row_class is built from. */
const RULE_EVENTS: ReadonlyArray<[title: string, iface: string]> = [
  ['Comment added', 'ICommentAddedEvent'],
  ['Comment removed', 'ICommentRemovedEvent'],
  ['Comment reply added', 'IReplyAddedEvent'],
  ['Comment reply removed', 'IReplyRemovedEvent'],
  [EVENT_TITLES.added, 'IObjectAddedEvent'],
  [EVENT_TITLES.copied, 'IObjectCopiedEvent'],
  [EVENT_TITLES.modified, 'IObjectModifiedEvent'],
  [EVENT_TITLES.moved, 'IObjectMovedEvent'],
  [EVENT_TITLES.removed, 'IObjectRemovedEvent'],
  ['User created', 'IUserCreatedEvent'],
  ['User logged in', 'IUserLoggedInEvent'],
  ['User logged in for the first time', 'IUserInitialLoginInEvent'],
  ['User logged out', 'IUserLoggedOutEvent'],
  ['User removed', 'IPrincipalDeletedEvent'],
  [EVENT_TITLES.workflow, 'IActionSucceededEvent'],
];
const IFACE = new Map(RULE_EVENTS);

export function isRuleEvent(title: string): boolean {
  return IFACE.has(title);
}

/** The lower-cased interface name of an event (Plone's "trigger-…" row class). */
export function eventClassName(title: string): string {
  return (IFACE.get(title) ?? 'unknown').toLowerCase();
}

export const RULE_EVENT_TERMS: Term[] = RULE_EVENTS.map(([title]) => title)
  .sort((a, b) => a.localeCompare(b))
  .map((title) => ({ token: title, title }));
