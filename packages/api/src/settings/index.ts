// Reading site settings from anywhere in the backend. Values come from the
// 'registry' site setting that Site keeps loaded (and reloads when any
// process changes it), so these are cheap synchronous reads.
import { decodeSiteFile, type JsonValue, settingValue } from '@tessera/core';
import type { Site } from '../site.js';

export { settingsVocabularies } from './vocabularies.js';

/**
 * A setting by registry record name ('plone.enable_self_reg'): the stored
 * value, else the record's default; undefined for names no record defines
 * and nothing stored. The site title is the root's title: read it from the
 * root, this record only mirrors it (see docs/decisions/0008-settings.md).
 */
export function siteSetting<T extends JsonValue = JsonValue>(site: Site, name: string): T | undefined {
  return settingValue(site.settings, name) as T | undefined;
}

/** A boolean setting; false when unset or not a boolean. */
export function siteFlag(site: Site, name: string): boolean {
  return siteSetting(site, name) === true;
}

export interface MailSettings {
  host: string;
  port: number;
  user: string | null;
  password: string | null;
  fromName: string | null;
  fromAddress: string | null;
  charset: string;
}

/** The mail panel's settings, for whatever sends the site's e-mail. */
export function mailSettings(site: Site): MailSettings {
  const str = (name: string) => {
    const v = siteSetting(site, name);
    return typeof v === 'string' && v !== '' ? v : null;
  };
  const port = siteSetting(site, 'plone.smtp_port');
  return {
    host: str('plone.smtp_host') ?? 'localhost',
    port: typeof port === 'number' ? port : 25,
    user: str('plone.smtp_userid'),
    password: str('plone.smtp_pass'),
    fromName: str('plone.email_from_name'),
    fromAddress: str('plone.email_from_address'),
    charset: str('plone.email_charset') ?? 'utf-8',
  };
}

/** Where the uploaded site logo is served (`@@site-logo/<filename>`), or null when there is none. */
export function siteLogoUrl(site: Site, siteUrl: string): string | null {
  const logo = decodeSiteFile(siteSetting(site, 'plone.site_logo'));
  return logo ? `${siteUrl}/@@site-logo/${encodeURIComponent(logo.filename)}` : null;
}
