// Dates on the wire as plone.restapi writes them: ISO 8601, seconds, UTC offset.
export function ploneDate(d: Date): string {
  return `${d.toISOString().slice(0, 19)}+00:00`;
}
