// The mail action: the message is composed when the rule runs (with the
// object as it is then) and sent after the transaction commits, through the
// site's SMTP settings (mail/mailer.ts). A mail that cannot be sent is logged:
// the change it reports is already committed.
import type { ContentRule, WriteTx } from '@tessera/core';
import type { ServiceContext } from '../services/registry.js';
import { type InterpolationEnv, interpolate } from './interpolate.js';

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

/** Header values are one line. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

export async function queueRuleMail(
  ctx: ServiceContext<WriteTx>,
  rule: ContentRule,
  v: Record<string, unknown>,
  env: InterpolationEnv,
): Promise<void> {
  let recipients = interpolate(String(v.recipients ?? ''), env)
    .split(/[,;\s]+/)
    .map((r) => r.trim())
    .filter((r) => ADDRESS.test(r));
  if (v.exclude_actor === true && ctx.principal.id) {
    const actor = await ctx.tx.userById(ctx.principal.id);
    const own = actor?.email?.toLowerCase();
    if (own) recipients = recipients.filter((r) => r.toLowerCase() !== own);
  }
  if (!recipients.length) {
    ctx.log.info({ rule: rule.id }, 'content rule mail: no recipients');
    return;
  }
  const source = oneLine(interpolate(String(v.source ?? ''), env));
  const mail = {
    to: recipients.join(', '),
    subject: oneLine(interpolate(String(v.subject ?? ''), env)),
    text: interpolate(String(v.message ?? ''), env),
    ...(source ? { from: source } : {}),
  };
  const { mailer } = ctx.site;
  const log = ctx.log;
  ctx.afterCommit(async () => {
    if (!mailer.enabled) {
      log.warn({ rule: rule.id }, 'content rule mail not sent: SMTP is not configured (smtpHost)');
      return;
    }
    try {
      await mailer.send(mail);
    } catch (err) {
      log.error({ err, rule: rule.id }, 'content rule mail failed');
    }
  });
}
