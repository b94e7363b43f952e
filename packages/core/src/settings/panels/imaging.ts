// Image handling: the scales the site generates and their quality.
import { bool, inlineChoice, integer, jsonField, sequence, textLine } from '../../types/field-schemas.js';
import { PLONE_IMAGE_SCALES } from '../../types/image-size.js';
import type { JsonValue } from '../../types/model.js';
import type { ControlPanelDef } from '../model.js';

/** Plone's `plone.allowed_sizes` as the panel shows it, from the one definition of the scales. */
export const DEFAULT_ALLOWED_SIZES = Object.entries(PLONE_IMAGE_SCALES).map(
  ([name, box]) => `${name} ${box.width}:${box.height}`,
);

const DEFAULT_PICTURE_VARIANTS = {
  large: {
    title: 'Large',
    sourceset: [{ scale: 'larger', additionalScales: ['preview', 'teaser', 'large', 'great', 'huge'] }],
  },
  medium: {
    title: 'Medium',
    sourceset: [{ scale: 'teaser', additionalScales: ['preview', 'large', 'larger', 'great'] }],
  },
  small: {
    title: 'Small',
    sourceset: [
      {
        scale: 'preview',
        additionalScales: ['large', 'larger'],
        sizes: '(min-width: 576px) 400px, (min-width: 768px) 600px, 98vw',
      },
    ],
  },
};

const quality = (title: string, value: number) =>
  integer(title, `From 1 (lowest) to 95 (highest); 0 uses the scaler's default.`, {
    default: value,
    minimum: 0,
    maximum: 95,
  });

/** "<name> <width>:<height>" per line, as the scaler reads them. */
const sizeLines = (v: JsonValue) =>
  Array.isArray(v) && v.some((s) => typeof s !== 'string' || !/^\s*[\w-]+\s+\d+:\d+\s*$/.test(s))
    ? 'Each size must read "<name> <width>:<height>".'
    : null;

/** Each picture variant needs a title and a source set whose entries name a scale. */
const variants = (v: JsonValue) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'Picture variants must be an object.';
  for (const [key, variant] of Object.entries(v)) {
    const ok =
      typeof variant === 'object' &&
      variant !== null &&
      !Array.isArray(variant) &&
      typeof variant.title === 'string' &&
      Array.isArray(variant.sourceset) &&
      variant.sourceset.every(
        (s) => typeof s === 'object' && s !== null && !Array.isArray(s) && typeof s.scale === 'string',
      );
    if (!ok) return `Picture variant "${key}" needs a title and a sourceset of {scale} entries.`;
  }
  return null;
};

export const imagingPanel: ControlPanelDef = {
  id: 'imaging',
  title: 'Image Handling',
  group: 'Content',
  permission: 'Plone Site Setup: Imaging',
  prefix: 'plone',
  fields: {
    allowed_sizes: sequence(
      'List',
      'Allowed image sizes',
      'The largest dimensions of each scale, one per line: <name> <width>:<height>.',
      textLine(''),
      { default: DEFAULT_ALLOWED_SIZES },
    ),
    quality: quality('Scaled image quality', 88),
    highpixeldensity_scales: inlineChoice(
      'highpixeldensity_scales',
      'High pixel density mode',
      '',
      [
        ['disabled', 'Disabled'],
        ['2x', 'Enabled (2x)'],
        ['3x', 'Enabled (2x, 3x)'],
      ],
      { default: 'disabled' },
    ),
    quality_2x: quality('Image quality at 2x', 62),
    quality_3x: quality('Image quality at 3x', 51),
    picture_variants: jsonField('Picture variants', 'The picture variants (srcset definitions), as JSON.', {
      default: DEFAULT_PICTURE_VARIANTS,
    }),
    image_captioning: bool(
      'Enable image captioning',
      'Caption images in rich text with the image description.',
      { default: true },
    ),
  },
  required: ['quality', 'highpixeldensity_scales', 'quality_2x', 'quality_3x', 'picture_variants'],
  constraints: { allowed_sizes: sizeLines, picture_variants: variants },
};
