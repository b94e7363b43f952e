// The discussion control panel's values (plone.app.discussion's
// IDiscussionSettings records) and where they let comments be posted.
import { type ContentRecord, DISCUSSION_PREFIX } from '@tessera/core';
import type { Site } from '../site.js';
import { siteFlag, siteSetting } from './index.js';

export interface DiscussionSettings {
  globallyEnabled: boolean;
  anonymousComments: boolean;
  anonymousEmailEnabled: boolean;
  moderationEnabled: boolean;
  editCommentEnabled: boolean;
  deleteOwnCommentEnabled: boolean;
  textTransform: string;
}

const record = (name: string) => `${DISCUSSION_PREFIX}.${name}`;

export function discussionSettings(site: Site): DiscussionSettings {
  return {
    globallyEnabled: siteFlag(site, record('globally_enabled')),
    anonymousComments: siteFlag(site, record('anonymous_comments')),
    anonymousEmailEnabled: siteFlag(site, record('anonymous_email_enabled')),
    moderationEnabled: siteFlag(site, record('moderation_enabled')),
    editCommentEnabled: siteFlag(site, record('edit_comment_enabled')),
    deleteOwnCommentEnabled: siteFlag(site, record('delete_own_comment_enabled')),
    textTransform: siteSetting<string>(site, record('text_transform')) ?? 'text/plain',
  };
}

/**
 * plone.app.discussion's ConversationView.enabled(): the global switch, then
 * the item's own allow_discussion (Yes/No), else its type's allow_discussion.
 */
export function discussionAllowed(site: Site, item: ContentRecord): boolean {
  if (!siteFlag(site, record('globally_enabled'))) return false;
  const flag = item.data.allow_discussion;
  if (flag === 'True' || flag === true) return true;
  if (flag === 'False' || flag === false) return false;
  return site.types.get(item.type)?.def.allowDiscussion === true;
}
