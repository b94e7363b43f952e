// What a client may send for a rule (POST adds one, PATCH changes some of its
// properties): checked as a whole, every problem reported at once.
import { type ContentRule, type FieldError, isRuleEvent, TesseraError } from '@tessera/core';

type RuleProps = Omit<ContentRule, 'id' | 'conditions' | 'actions'>;

const MAX_TITLE = 500;
const MAX_DESCRIPTION = 5000;

/** Keys a client sends that are no rule property: Volto's and Plone's form buttons, echoed ids. */
const IGNORED = (key: string) => key.startsWith('form.button.') || key === 'id' || key === '@id';

export function ruleProps(body: Record<string, unknown>, current: RuleProps | undefined): RuleProps {
  const errors: FieldError[] = [];
  const out: RuleProps = current
    ? { ...current }
    : { title: '', description: '', event: '', enabled: true, stop: false, cascading: false };
  for (const [key, value] of Object.entries(body)) {
    if (IGNORED(key)) continue;
    switch (key) {
      case 'title':
      case 'description': {
        const max = key === 'title' ? MAX_TITLE : MAX_DESCRIPTION;
        if (typeof value !== 'string' || value.length > max)
          errors.push({ field: key, message: `Expected a string of at most ${max} characters.` });
        else out[key] = value;
        break;
      }
      case 'event':
        if (typeof value !== 'string' || !isRuleEvent(value))
          errors.push({
            field: key,
            message: 'Unknown event (see @vocabularies/plone.contentrules.events).',
          });
        else out.event = value;
        break;
      case 'enabled':
      case 'stop':
      case 'cascading':
      case 'stopExecuting':
        if (typeof value !== 'boolean') errors.push({ field: key, message: 'Expected true or false.' });
        else out[key === 'stopExecuting' ? 'stop' : key] = value;
        break;
      default:
        errors.push({ field: key, message: 'Unknown property of a content rule.' });
    }
  }
  if (!out.title.trim() && !errors.some((e) => e.field === 'title'))
    errors.push({ field: 'title', message: "Property 'title' is required" });
  if (!out.event && !errors.some((e) => e.field === 'event'))
    errors.push({ field: 'event', message: "Property 'event' is required" });
  if (errors.length)
    throw new TesseraError('BadRequest', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      fieldErrors: errors,
    });
  return out;
}
