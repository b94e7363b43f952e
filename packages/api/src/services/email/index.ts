// @email-notification (the site's contact form: anyone writes to the site's
// contact address) and @email-send (administrators mail any address), as
// plone.restapi names them. Mail goes out once the request's checks passed
// (afterCommit, before the answer); a failure to send is logged and the
// answer is still 204, as Plone does. See docs/mail.md.
import { badRequest, TesseraError } from '@tessera/core';
import { Throttle } from '../../auth/throttle.js';
import { mailSettings } from '../../settings/index.js';
import type { Site } from '../../site.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { readMailRequest } from './message.js';

// The contact form is open to anonymous visitors: a few messages per address
// and hour, and a ceiling for the whole site, keep it from being a spam relay.
const contactThrottles = new WeakMap<Site, Throttle>();
function contactThrottle(site: Site) {
  let t = contactThrottles.get(site);
  if (!t) {
    t = new Throttle({ account: 200, address: 5, windowMs: 3_600_000 }, 'contact messages');
    contactThrottles.set(site, t);
  }
  return t;
}

function requireMail(ctx: ServiceContext) {
  if (!ctx.site.mailer.enabled)
    throw new TesseraError('ServiceUnavailable', 'Mail cannot be sent: mail is not configured.');
}

/** Sends after the transaction; a refused or unreachable server is logged, not the client's error. */
function sendLater(ctx: ServiceContext, mail: Parameters<Site['mailer']['send']>[0]) {
  ctx.afterCommit(async () => {
    try {
      await ctx.site.mailer.send(mail);
    } catch (err) {
      ctx.log.error({ err, to: mail.to }, 'mail could not be sent');
    }
  });
}

const signature = (name: string, from: string) => (name ? `${name} <${from}>` : from);

export function registerEmail(services: ServiceRegistry) {
  services.add({
    method: 'POST',
    name: '@email-notification',
    permission: 'View',
    writes: false,
    locks: false,
    async handler(ctx) {
      if (ctx.content.path !== '') throw badRequest('@email-notification is served at the site root.');
      const req = readMailRequest(ctx.body, { to: false });
      requireMail(ctx);
      const to = mailSettings(ctx.site).fromAddress ?? ctx.site.config.mailFrom;
      const address = ctx.site.auth.clientAddress({ headers: ctx.req.headers, address: ctx.req.ip });
      const throttle = contactThrottle(ctx.site);
      throttle.check('site', address);
      throttle.hit('site', address);
      sendLater(ctx, {
        to,
        replyTo: req.from,
        subject: req.subject || `Message from the contact form of ${ctx.urls.siteUrl}`,
        text: `${signature(req.name, req.from)} wrote through the contact form of ${ctx.urls.siteUrl}:\n\n${req.message}\n`,
      });
      return { status: 204 };
    },
  });

  services.add({
    method: 'POST',
    name: '@email-send',
    // Plone's "Use mailhost services": site administrators only here.
    permission: 'Manage portal',
    writes: false,
    locks: false,
    async handler(ctx) {
      if (ctx.content.path !== '') throw badRequest('@email-send is served at the site root.');
      const req = readMailRequest(ctx.body, { to: true });
      requireMail(ctx);
      sendLater(ctx, {
        to: req.to!,
        replyTo: signature(req.name, req.from),
        subject: req.subject || `Message from ${ctx.urls.siteUrl}`,
        text: req.message,
      });
      return { status: 204 };
    },
  });
}
