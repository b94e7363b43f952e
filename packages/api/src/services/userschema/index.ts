// @userschema: the member profile schema as JSON Schema (GET, open to all:
// the registration form needs it), @userschema/registration for the
// registration form; a site administrator extends the profile with POST
// @userschema {id, factory, title, description?, required?} and removes an
// added field with DELETE @userschema/<id>. The schema is data in the
// settings ('userschema'); every process reloads it through site.sync().
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/userschema.html
import {
  badRequest,
  newUserField,
  notFound,
  registrationSchemaJson,
  TesseraError,
  userSchemaJson,
  type WriteTx,
} from '@tessera/core';
import type { ServiceRegistry } from '../registry.js';
import { requireSiteRoot } from '../users/common.js';

export function registerUserSchema(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@userschema',
    permission: 'View',
    takesArgs: true,
    async handler(ctx) {
      requireSiteRoot(ctx);
      const fields = ctx.site.userFields;
      if (ctx.args.length === 0) return { body: userSchemaJson(fields) };
      if (ctx.args.length === 1 && ctx.args[0] === 'registration')
        return { body: registrationSchemaJson(fields) };
      throw new TesseraError('BadRequest', 'Parameters supplied are not valid.', {
        extra: { type: 'Invalid parameters' },
      });
    },
  });

  services.add<WriteTx>({
    method: 'POST',
    name: '@userschema',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Manage portal',
    async handler(ctx) {
      requireSiteRoot(ctx);
      const fields = ctx.site.userFields;
      const field = newUserField(ctx.body, fields);
      await ctx.tx.setSetting('userschema', [...fields, field]);
      ctx.changedRegistry.settings = true;
      return {
        status: 201,
        headers: { Location: `${ctx.urls.siteUrl}/@userschema` },
        body: userSchemaJson([...fields, field]),
      };
    },
  });

  services.add<WriteTx>({
    method: 'DELETE',
    name: '@userschema',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Manage portal',
    takesArgs: true,
    async handler(ctx) {
      requireSiteRoot(ctx);
      const [name, ...rest] = ctx.args;
      if (!name || rest.length) throw badRequest('Send DELETE to @userschema/<field id>.');
      const fields = ctx.site.userFields;
      const field = fields.find((f) => f.name === name);
      if (!field) throw notFound(`The profile has no field "${name}".`);
      if (field.builtin) throw badRequest(`The stock field "${name}" cannot be removed.`);
      await ctx.tx.setSetting(
        'userschema',
        fields.filter((f) => f !== field),
      );
      ctx.changedRegistry.settings = true;
      return { status: 204 };
    },
  });
}
