// Message catalogs and the hook that picks one: the content's language when it
// has one, else the site default handed over by the root loader.
import { de } from '../locales/de.js';
import { en, type Messages } from '../locales/en.js';
import { langOf, usePageState } from '../router/state.js';

const CATALOGS: Record<string, Messages> = { en, de };

export type Translate = (key: keyof Messages, vars?: Record<string, string | number>) => string;

export function languageOf(value: unknown): string | null {
  const token = typeof value === 'string' ? value : (value as { token?: unknown } | null)?.token;
  return typeof token === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(token) ? token : null;
}

export function translator(lang: string): Translate {
  const catalog = CATALOGS[lang.slice(0, 2)] ?? en;
  return (key, vars) => {
    let s = catalog[key];
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
    return s;
  };
}

/** The page language: the content's, else the site default from the root data. */
export function useLang(): string {
  return langOf(usePageState());
}

export function useT(): Translate {
  return translator(useLang());
}
