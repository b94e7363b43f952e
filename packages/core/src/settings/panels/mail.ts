// Mail: the SMTP server and sender the site's outgoing e-mail uses.
import { integer, password, textLine } from '../../types/field-schemas.js';
import type { ControlPanelDef } from '../model.js';
import { asciiOnly, emailAddress } from './common.js';

export const mailPanel: ControlPanelDef = {
  id: 'mail',
  title: 'Mail',
  group: 'General',
  permission: 'Plone Site Setup: Mail',
  prefix: 'plone',
  fields: {
    smtp_host: textLine('SMTP server', 'Host name of the outgoing mail server.', { default: 'localhost' }),
    smtp_port: integer('SMTP port', 'Port of the outgoing mail server.', { default: 25 }),
    smtp_userid: textLine('ESMTP username', 'User name for servers that require authentication.'),
    smtp_pass: password('ESMTP password', 'Password for that user.'),
    email_from_name: textLine("Site 'From' name", 'Sender name of e-mail the site sends.'),
    email_from_address: textLine(
      "Site 'From' address",
      'Sender address of e-mail the site sends; also where the contact form delivers.',
    ),
    email_charset: textLine('E-mail characterset', 'Character set of outgoing e-mail.', {
      default: 'utf-8',
    }),
  },
  // As in Plone, the sender is required but has no default: a new site must set it before mailing.
  required: ['smtp_host', 'smtp_port', 'email_from_name', 'email_from_address', 'email_charset'],
  constraints: { email_from_address: emailAddress, email_charset: asciiOnly },
};
