import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommentRecord } from '../ports/comments.js';
import { newCommentId } from './ids.js';
import { commentTextJson } from './text.js';
import { threadOrder, withReplies } from './threads.js';
import { commentTransition } from './workflows.js';

const c = (commentId: string, inReplyTo: string | null = null): CommentRecord => ({
  uid: 'u',
  commentId,
  inReplyTo,
  authorUsername: null,
  authorName: null,
  authorEmail: null,
  text: '',
  mimeType: 'text/plain',
  userNotification: null,
  state: 'published',
  created: '',
  modified: '',
});

test('comment ids are microseconds, unique in the conversation', () => {
  assert.equal(newCommentId([], 1_700_000_000_123), '1700000000123000');
  assert.equal(newCommentId(['1700000000123000'], 1_700_000_000_123), '1700000000123001');
  assert.equal(
    newCommentId(['1800000000000000'], 1_700_000_000_000),
    '1800000000000001',
    'the clock went back',
  );
});

test('threads: each comment followed by its replies, depth first', () => {
  const list = [c('1'), c('2'), c('3', '1'), c('4', '3'), c('5', '1'), c('6', 'gone')];
  assert.deepEqual(
    threadOrder(list).map((x) => x.commentId),
    ['1', '3', '4', '5', '2', '6'],
  );
  assert.deepEqual(withReplies(list, '1'), ['1', '3', '5', '4']);
});

test('text: plain as sent, any other transform as escaped HTML', () => {
  assert.deepEqual(commentTextJson('<b>a</b>', 'text/plain'), {
    data: '<b>a</b>',
    'mime-type': 'text/plain',
  });
  assert.deepEqual(commentTextJson('<b>a</b>\r\nb', 'text/x-web-intelligent'), {
    data: '&lt;b&gt;a&lt;/b&gt;<br />b',
    'mime-type': 'text/html',
  });
});

test('moderation transitions follow comment_review_workflow', () => {
  assert.equal(commentTransition('pending', 'publish'), 'published');
  assert.equal(commentTransition('published', 'publish'), undefined);
  assert.equal(commentTransition('spam', 'recall'), 'pending');
  assert.equal(commentTransition('pending', 'recall'), undefined);
});
