// Discussion: plone.app.discussion's settings (IDiscussionSettings), which
// decide where comments may be posted, by whom, and whether they wait for a
// moderator (docs/comments.md).
import { bool, inlineChoice, textLine } from '../../types/field-schemas.js';
import type { ControlPanelDef } from '../model.js';
import { emailAddress } from './common.js';

export const DISCUSSION_PREFIX = 'plone.app.discussion.interfaces.IDiscussionSettings';

export const discussionPanel: ControlPanelDef = {
  id: 'discussion',
  title: 'Discussion',
  group: 'General',
  permission: 'Manage portal',
  prefix: DISCUSSION_PREFIX,
  fields: {
    // Plone 6.1 ships with discussion off; a site turns it on here.
    globally_enabled: bool('Globally enable comments', 'Let users comment on items that allow it.', {
      default: false,
    }),
    anonymous_comments: bool('Enable anonymous comments', 'Let visitors who are not logged in comment.', {
      default: false,
    }),
    anonymous_email_enabled: bool(
      'Enable anonymous email field',
      'Ask anonymous commenters for their e-mail address.',
      { default: false },
    ),
    moderation_enabled: bool(
      'Enable comment moderation',
      'New comments wait as "Pending" until a moderator publishes them.',
      { default: false },
    ),
    edit_comment_enabled: bool('Enable editing of comments', 'Let commenters edit their own comments.', {
      default: false,
    }),
    delete_own_comment_enabled: bool(
      'Enable deleting own comments',
      'Let commenters delete their own comments while nobody has replied.',
      { default: false },
    ),
    text_transform: inlineChoice(
      'text_transform',
      'Comment text transform',
      'How comment text is shown: as typed, or as safe HTML.',
      [
        ['text/plain', 'Plain text'],
        ['text/x-web-intelligent', 'Intelligent text'],
        ['text/x-web-markdown', 'Markdown'],
      ],
      { default: 'text/plain' },
    ),
    captcha: inlineChoice(
      'captcha',
      'Captcha',
      'Captcha for anonymous comments.',
      [['disabled', 'Disabled']],
      {
        default: 'disabled',
      },
    ),
    show_commenter_image: bool('Show commenter image', "Show the commenter's portrait next to a comment.", {
      default: true,
    }),
    moderator_notification_enabled: bool(
      'Enable moderator email notification',
      'Tell the moderator by e-mail when a comment is posted.',
      { default: false },
    ),
    moderator_email: textLine('Moderator Email Address', 'Where moderator notifications go.'),
    user_notification_enabled: bool(
      'Enable user email notification',
      'Let commenters ask to be told of replies.',
      { default: false },
    ),
  },
  required: ['text_transform', 'captcha'],
  constraints: { moderator_email: emailAddress },
};
