// What an upload will become, decided when it is created (so a wrong type
// or field is a 400 before any byte is sent): the portal type and the file
// field, from Upload-Metadata. Like Plone's content_type_registry, images
// become Images and everything else a File unless `@type` says otherwise.
import { type ContentRecord, checkAddable, fileFieldNames, type TypeInfo } from '@tessera/core';
import type { Site } from '../../site.js';
import { tusError } from './protocol.js';

export interface UploadTarget {
  type: string | null;
  field: string;
  filename: string | null;
  contentType: string | null;
}

// When no content-type is sent: the image types Plone would recognise by extension.
const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
};
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

export function uploadTarget(opts: {
  site: Site;
  content: ContentRecord;
  mode: 'create' | 'replace';
  metadata: Map<string, string>;
}): UploadTarget {
  const { site, content, mode, metadata } = opts;
  // `name` and `filetype` are what tus-js-client/Uppy send; plone.restapi reads filename and content-type.
  const filename = baseName(metadata.get('filename') ?? metadata.get('name'));
  const contentType = mediaType(metadata.get('content-type') ?? metadata.get('filetype'), filename);
  const requested = metadata.get('@type') || null;

  let info: TypeInfo | undefined;
  let type: string | null = null;
  if (mode === 'create') {
    type = requested ?? (contentType?.startsWith('image/') ? 'Image' : 'File');
    info = checkAddable(site.types, content, type);
  } else {
    if (requested && requested !== content.type)
      throw tusError('BadRequest', `A replacement cannot change the type of a ${content.type}.`);
    info = site.types.get(content.type);
  }
  const fields = info ? fileFieldNames(info) : [];
  const field = metadata.get('fieldname') || fields[0];
  if (!field || !fields.includes(field))
    throw tusError(
      'BadRequest',
      field
        ? `"${field}" is not a file field of ${type ?? content.type}.`
        : `${content.type} has no file field.`,
    );
  return { type, field, filename, contentType };
}

/** The name without any client path ("C:\fakepath\a.pdf" → "a.pdf"); null when empty. */
function baseName(name: string | undefined): string | null {
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base ? base.slice(0, 255) : null;
}

function mediaType(given: string | undefined, filename: string | null): string | null {
  const type = given?.split(';', 1)[0].trim().toLowerCase();
  if (type) {
    if (!MEDIA_TYPE.test(type)) throw tusError('BadRequest', `"${type}" is not a media type.`);
    return type;
  }
  const ext = filename?.includes('.') ? filename.split('.').pop()!.toLowerCase() : '';
  return BY_EXTENSION[ext] ?? null;
}
