// The ${…} variables of mail subjects, bodies and recipients (a small part
// of plone.stringinterp), and the &e/&c/&u of logger messages. Values are
// plain text: mails are sent as text/plain and log lines are structured.
import type { ContentRecord, Principal } from '@tessera/core';

export interface InterpolationEnv {
  rec: ContentRecord;
  url: string;
  principal: Principal;
  event: string;
}

function variables(env: InterpolationEnv): Record<string, string> {
  const d = env.rec.data;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    absolute_url: env.url,
    url: env.url,
    id: env.rec.id,
    title: s(d.title),
    description: s(d.description),
    portal_type: env.rec.type,
    review_state: s(d.review_state),
    path: env.rec.path || '/',
    created: env.rec.created,
    modified: env.rec.modified,
    user_id: env.principal.id ?? 'Anonymous User',
    user_fullname: env.principal.fullname || (env.principal.id ?? ''),
    event: env.event,
  };
}

/** Replaces known ${name} variables; unknown ones stay as written. */
export function interpolate(text: string, env: InterpolationEnv): string {
  const vars = variables(env);
  return text.replace(/\$\{([a-z_]+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** A logger action's message: &e the event, &c the object's URL, &u the user. */
export function loggerMessage(text: string, env: InterpolationEnv): string {
  return text
    .replace(/&e/g, env.event)
    .replace(/&c/g, env.url)
    .replace(/&u/g, env.principal.id ?? 'Anonymous User');
}
