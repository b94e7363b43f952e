// POST @users/{id}/reset-password, the three forms plone.restapi documents:
//   {}                                  mail the user a reset link (anyone may ask)
//   {"reset_token", "new_password"}     set the password with the mailed token
//   {"old_password", "new_password"}    a logged-in user changes their own password
// Reset tokens are random, kept only as SHA-256 hashes, single use, and expire
// after config.passwordResetLifetime. Asking for a link answers 200 whether or
// not the user exists (no account enumeration), and is throttled.
import { createHash, randomBytes } from 'node:crypto';
import { TesseraError, type UserRecord, type WriteTx } from '@tessera/core';
import type { ServiceContext } from '../registry.js';
import { bodyObject, setPassword, userByIdOrLogin } from './common.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const invalid = (message: string) =>
  new TesseraError('BadRequest', message, { extra: { type: 'Invalid parameters' } });
const refused = (type: string, message: string) =>
  new TesseraError('Forbidden', message, { extra: { type } });

export async function createResetToken(ctx: ServiceContext<WriteTx>, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(Date.now() + ctx.site.config.passwordResetLifetime * 1000).toISOString();
  await ctx.tx.putPasswordReset(hashToken(token), { userId, expires });
  return token;
}

/** Where the user opens the link: the frontend (publicUrl) or the site URL. */
function resetLink(ctx: ServiceContext, user: UserRecord, token: string) {
  const base = (ctx.site.config.publicUrl || ctx.urls.siteUrl).replace(/\/$/, '');
  return `${base}/passwordreset/${token}?userid=${encodeURIComponent(user.id)}`;
}

/** Runs after commit: the token is stored before anyone can receive it. */
export async function sendResetMail(
  ctx: ServiceContext,
  user: UserRecord,
  token: string,
  why: 'reset' | 'welcome',
): Promise<void> {
  const site = String(ctx.site.settings['plone.site_title'] ?? ctx.content.data.title ?? 'the site');
  const hours = Math.round(ctx.site.config.passwordResetLifetime / 3600);
  const intro =
    why === 'welcome'
      ? `an account "${user.login}" was created for you at ${site}.`
      : `someone (hopefully you) asked to reset the password of the account "${user.login}" at ${site}.`;
  const text = [
    `Hello ${user.fullname || user.login},`,
    '',
    intro,
    '',
    `To choose a password, open this link within ${hours} hours:`,
    resetLink(ctx, user, token),
    '',
    'If you did not ask for this, ignore this mail; your password stays as it is.',
  ].join('\n');
  if (!ctx.site.mailer.enabled) {
    ctx.log.warn({ user: user.id }, 'no mail sent: SMTP is not configured (smtpHost)');
    return;
  }
  try {
    await ctx.site.mailer.send({
      to: user.email,
      subject: why === 'welcome' ? `Your account at ${site}` : `Password reset for ${site}`,
      text,
    });
  } catch (err) {
    ctx.log.error({ err, user: user.id }, 'password reset mail failed');
    throw new TesseraError('BadGateway', 'The mail could not be sent; try again later.');
  }
}

export async function resetPassword(ctx: ServiceContext<WriteTx>) {
  const { site, tx, principal, req } = ctx;
  const key = ctx.args[0];
  const data = bodyObject(ctx.body);
  const unknown = Object.keys(data).filter(
    (k) => !['reset_token', 'old_password', 'new_password'].includes(k),
  );
  if (unknown.length) throw invalid(`Unknown parameters: ${unknown.join(', ')}.`);
  const { reset_token: token, old_password: oldPassword, new_password: newPassword } = data;
  for (const [name, v] of Object.entries(data))
    if (typeof v !== 'string' || v === '') throw invalid(`'${name}' must be a non-empty string.`);
  const address = site.auth.clientAddress({ headers: req.headers, address: req.ip });

  if (Object.keys(data).length === 0) {
    if (!site.mailer.enabled)
      throw new TesseraError(
        'ServiceUnavailable',
        'Password reset mails cannot be sent: mail is not configured.',
      );
    site.resetThrottle.check(key, address);
    site.resetThrottle.hit(key, address);
    const user = await userByIdOrLogin(ctx, key);
    if (user?.email) {
      const fresh = await createResetToken(ctx, user.id);
      ctx.afterCommit(() => sendResetMail(ctx, user, fresh, 'reset'));
    } else ctx.log.info({ key }, 'password reset asked for an unknown user or one without e-mail');
    return { status: 200 };
  }
  if (token && oldPassword) throw invalid("You can't use 'reset_token' and 'old_password' together.");
  if (!newPassword)
    throw invalid(`If you pass '${token ? 'reset_token' : 'old_password'}' you have to pass 'new_password'.`);

  if (token) {
    const reset = await tx.passwordReset(hashToken(token as string));
    const user = await userByIdOrLogin(ctx, key);
    if (!reset || !user || reset.userId !== user.id)
      throw refused('Unknown Token', 'The reset_token is unknown/not valid.');
    if (Date.parse(reset.expires) <= Date.now()) {
      await tx.deletePasswordResets({ tokenHash: hashToken(token as string) });
      throw refused('Expired Token', 'The reset_token is expired.');
    }
    await setPassword(ctx, user, newPassword as string);
    ctx.log.info({ user: user.id }, 'password reset with a mailed token');
    return { status: 200 };
  }
  if (!oldPassword) throw invalid('See the user endpoint documentation for the valid parameters.');
  if (principal.id === null) throw new TesseraError('Unauthorized', 'Log in to change your password.');
  const user = await userByIdOrLogin(ctx, key);
  if (!user || user.id !== principal.id)
    throw refused('Wrong user', `You need to be logged in as the user '${key}' to set the password.`);
  const checked = await site.auth.checkPassword(user.login, oldPassword as string, { tx, address });
  if (!checked) throw refused('Wrong password', "The password passed as 'old_password' is wrong.");
  await setPassword(ctx, user, newPassword as string);
  ctx.log.info({ user: user.id }, 'password changed');
  return { status: 200 };
}
