import type { DataCache } from './data-cache.server.js';

// What the Node server hands every loader and action.
export interface TesseraContext {
  /** The backend's internal URL, called directly by server-side rendering. */
  apiUrl: string;
  /** The visitor's `auth_token` cookie, forwarded to the backend as a bearer token. */
  token: string | null;
  /** UIDs of every content item this response used: becomes the surrogate-key headers. */
  uids: Set<string>;
  /** The UID of the page's own content: the first surrogate key, never capped away. */
  pageUid?: string;
  /** UI language when the content names none. */
  defaultLang: string;
  /** The process-wide short-lived cache of shared anonymous answers (navigation, navroot, listing and teaser queries). */
  cache?: DataCache;
  /** Set by the login/logout actions: the server turns it into a Set-Cookie header. */
  setToken?: string | null;
}
