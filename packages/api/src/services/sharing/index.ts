// @sharing: who has which local role on an object (Plone's Sharing tab), and
// changing it — each role only by someone allowed to delegate that role, and
// blocking inheritance from the container with `inherit: false`.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/sharing.html
import {
  badRequest,
  type ContentRecord,
  can,
  type Permission,
  type Principal,
  refreshSecurity,
  TesseraError,
  type WriteTx,
} from '@tessera/core';
import type { ServiceContext, ServiceRegistry } from '../registry.js';

/** The roles the Sharing tab manages, with Plone's titles and the permission that delegates each. */
export const SHARING_ROLES: ReadonlyArray<{ id: string; title: string; permission: Permission }> = [
  { id: 'Contributor', title: 'Can add', permission: 'Sharing page: Delegate Contributor role' },
  { id: 'Editor', title: 'Can edit', permission: 'Sharing page: Delegate Editor role' },
  { id: 'Reader', title: 'Can view', permission: 'Sharing page: Delegate Reader role' },
  { id: 'Reviewer', title: 'Can review', permission: 'Sharing page: Delegate Reviewer role' },
];

const GROUP_TITLES: Record<string, string> = { AuthenticatedUsers: 'Logged-in users' };
const MAX_ENTRIES = 500;

const delegable = (principal: Principal, rec: ContentRecord) =>
  SHARING_ROLES.filter((r) => can(principal, r.permission, rec));

type RoleValue = boolean | 'acquired' | 'global';

async function describe(ctx: ServiceContext, id: string, type: 'user' | 'group') {
  if (type === 'group') return { title: GROUP_TITLES[id] ?? id, login: null, type };
  const user = await ctx.site.users.byId(id, ctx.tx);
  if (!user) return { title: GROUP_TITLES[id] ?? id, login: null, type: 'group' as const };
  return { title: user.fullname || user.id, login: user.login, type };
}

export function registerSharing(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@sharing',
    permission: 'Sharing page: Delegate roles',
    async handler(ctx) {
      const rec = ctx.content;
      const own = (rec.data.local_roles as Record<string, string[]> | undefined) ?? {};
      const effective = rec.security.local;
      const roles = delegable(ctx.principal, rec);
      const ids = new Set<string>(['AuthenticatedUsers', ...Object.keys(effective)]);
      const search = typeof ctx.query.search === 'string' ? ctx.query.search.trim() : '';
      if (search) {
        const user =
          (await ctx.site.users.byId(search, ctx.tx)) ?? (await ctx.site.users.byLogin(search, ctx.tx));
        if (user) ids.add(user.id);
      }
      const entries = [];
      for (const id of [...ids].slice(0, MAX_ENTRIES)) {
        // Owner is not a sharing role: someone who only owns the item is not listed.
        const sharingOwn = (own[id] ?? []).filter((r) => SHARING_ROLES.some((s) => s.id === r));
        const inherited = (effective[id] ?? []).filter((r) => !sharingOwn.includes(r));
        const user = id === 'AuthenticatedUsers' ? undefined : await ctx.site.users.byId(id, ctx.tx);
        const global = new Set(user?.roles ?? []);
        const hasAnySharing =
          sharingOwn.length || inherited.some((r) => SHARING_ROLES.some((s) => s.id === r));
        if (!hasAnySharing && id !== 'AuthenticatedUsers' && !(search && user)) continue;
        const values: Record<string, RoleValue> = {};
        for (const r of roles) {
          values[r.id] = sharingOwn.includes(r.id)
            ? true
            : global.has(r.id)
              ? 'global'
              : inherited.includes(r.id)
                ? 'acquired'
                : false;
        }
        const who = await describe(ctx, id, user ? 'user' : 'group');
        entries.push({
          disabled: false,
          id,
          login: who.login,
          roles: values,
          title: who.title,
          type: who.type,
        });
      }
      entries.sort((a, b) =>
        a.type === b.type ? a.title.localeCompare(b.title) : a.type === 'group' ? -1 : 1,
      );
      return {
        body: {
          available_roles: roles.map((r) => ({ id: r.id, title: r.title })),
          entries,
          inherit: rec.data.block_local_roles !== true,
        },
      };
    },
  });

  services.add<WriteTx>({
    method: 'POST',
    name: '@sharing',
    permission: 'Sharing page: Delegate roles',
    async handler(ctx) {
      const body = ctx.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body))
        throw badRequest('The request body must be a JSON object.');
      const unknown = Object.keys(body).filter((k) => k !== 'entries' && k !== 'inherit' && k !== 'reindex');
      if (unknown.length) throw badRequest(`Unknown parameters: ${unknown.join(', ')}.`);
      const rec = ctx.content;
      const local: Record<string, string[]> = structuredClone(
        (rec.data.local_roles as Record<string, string[]> | undefined) ?? {},
      );
      const allowed = new Set(delegable(ctx.principal, rec).map((r) => r.id));
      const entries = body.entries ?? [];
      if (!Array.isArray(entries) || entries.length > MAX_ENTRIES)
        throw badRequest(`"entries" must be a list of at most ${MAX_ENTRIES} entries.`);
      for (const entry of entries) {
        if (!entry || typeof entry !== 'object' || typeof entry.id !== 'string' || !entry.id)
          throw badRequest('Each entry needs an "id".');
        if (entry.id.length > 255 || [...entry.id].some((c) => c.charCodeAt(0) < 32))
          throw badRequest('Invalid principal id.');
        const roles = entry.roles ?? {};
        if (typeof roles !== 'object' || Array.isArray(roles)) throw badRequest('"roles" must be an object.');
        for (const [role, on] of Object.entries(roles)) {
          if (typeof on !== 'boolean') continue; // 'acquired' / 'global' echo back unchanged
          if (!SHARING_ROLES.some((r) => r.id === role))
            throw badRequest(`"${role}" cannot be granted on the Sharing tab.`);
          const current = new Set(local[entry.id] ?? []);
          if (current.has(role) === on) continue;
          if (!allowed.has(role)) {
            ctx.log.warn(
              { principal: ctx.principal.id, role, target: entry.id },
              'sharing: delegation refused',
            );
            throw new TesseraError('Forbidden', `You may not delegate the ${role} role here.`);
          }
          if (on) current.add(role);
          else current.delete(role);
          if (current.size) local[entry.id] = [...current].sort();
          else delete local[entry.id];
        }
      }
      const data: Record<string, unknown> = { ...rec.data, local_roles: local };
      if (body.inherit !== undefined) {
        if (typeof body.inherit !== 'boolean') throw badRequest('"inherit" must be a boolean.');
        data.block_local_roles = !body.inherit;
      }
      const updated = await ctx.tx.update(rec.uid, { data });
      await refreshSecurity(ctx.tx, updated, ctx.site.workflows);
      ctx.touched.add(rec.uid);
      if (rec.parentUid) ctx.touched.add(rec.parentUid);
      return { status: 204 };
    },
  });
}
