// iCalendar (RFC 5545) export of an Event: `<event path>/ics_view`.

function escapeText(value: unknown): string {
  return String(value ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets continue on the next line after a space. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const ch of line) {
    if (Buffer.byteLength(current + ch) > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function utc(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function day(value: unknown, addDays = 0): string | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  d.setUTCDate(d.getUTCDate() + addDays);
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

export function eventToIcal(event: any, url: string): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tessera//Frontend//EN', 'BEGIN:VEVENT'];
  lines.push(`UID:${escapeText(event.UID ?? url)}`);
  lines.push(`DTSTAMP:${utc(event.modified) ?? utc(new Date().toISOString())}`);
  if (event.whole_day) {
    const start = day(event.start);
    if (start) lines.push(`DTSTART;VALUE=DATE:${start}`);
    const end = day(event.end ?? event.start, 1);
    if (end) lines.push(`DTEND;VALUE=DATE:${end}`);
  } else {
    const start = utc(event.start);
    if (start) lines.push(`DTSTART:${start}`);
    const end = event.open_end ? null : utc(event.end);
    if (end) lines.push(`DTEND:${end}`);
  }
  lines.push(`SUMMARY:${escapeText(event.title)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  lines.push(`URL:${escapeText(url)}`);
  if (event.contact_email)
    lines.push(
      `ORGANIZER;CN=${escapeText(event.contact_name || event.contact_email)}:mailto:${event.contact_email}`,
    );
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
