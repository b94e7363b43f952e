// Dates rendered identically on the server and in the browser: Intl output
// differs between Node's and the browser's ICU data, which would break
// hydration. Times are shown in UTC, labelled as such.

const MONTHS: Record<string, string[]> = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  de: [
    'Januar',
    'Februar',
    'März',
    'April',
    'Mai',
    'Juni',
    'Juli',
    'August',
    'September',
    'Oktober',
    'November',
    'Dezember',
  ],
};

export function formatDate(value: unknown, lang: string, withTime: boolean): string {
  if (typeof value !== 'string') return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const de = lang.startsWith('de');
  const month = (de ? MONTHS.de : MONTHS.en)[d.getUTCMonth()];
  const date = de
    ? `${d.getUTCDate()}. ${month} ${d.getUTCFullYear()}`
    : `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
  if (!withTime) return date;
  const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
  return `${date}, ${time}`;
}
