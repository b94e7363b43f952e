// Outgoing mail over SMTP (nodemailer), configured by the smtp* keys of the
// config (TESSERA_SMTP_*). Without smtpHost mail is disabled: features that
// need it answer 503 or log that nothing was sent.
import type { Config } from '@tessera/core';
import type { FastifyBaseLogger } from 'fastify';
import { createTransport, type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  /** Defaults to the site's mailFrom. */
  from?: string;
  subject: string;
  text: string;
  /** Where answers go (the visitor of a contact form); the sender stays the site's. */
  replyTo?: string;
}

export class Mailer {
  private transport?: Transporter;

  constructor(
    private readonly config: Config,
    private readonly log: FastifyBaseLogger,
  ) {}

  get enabled(): boolean {
    return this.config.smtpHost !== '';
  }

  private transporter(): Transporter {
    if (!this.transport) {
      const c = this.config;
      this.transport = createTransport({
        host: c.smtpHost,
        port: c.smtpPort,
        secure: c.smtpSecure,
        requireTLS: c.smtpRequireTls,
        auth: c.smtpUser ? { user: c.smtpUser, pass: c.smtpPassword } : undefined,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      });
    }
    return this.transport;
  }

  /** Sends one plain-text mail; rejects when the server refuses it or cannot be reached. */
  async send(mail: Mail): Promise<void> {
    if (!this.enabled) throw new Error('mail is not configured (smtpHost is empty)');
    const info = await this.transporter().sendMail({ from: this.config.mailFrom, ...mail });
    this.log.info({ messageId: info.messageId, subject: mail.subject }, 'mail sent');
  }

  close() {
    this.transport?.close();
  }
}
