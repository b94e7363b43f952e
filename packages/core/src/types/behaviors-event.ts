// plone.app.event's behaviors. All their fields land in the main fieldset.
import { bool, datetime, lines, text, textLine, url } from './field-schemas.js';
import type { BehaviorDef } from './model.js';

export const eventBasic: BehaviorDef = {
  name: 'plone.eventbasic',
  title: 'Event Basic',
  description: 'Basic Event schema.',
  fields: {
    start: datetime('Event Starts', 'Date and Time, when the event begins.'),
    end: datetime('Event Ends', 'Date and Time, when the event ends.'),
    whole_day: bool('Whole Day', 'Event lasts whole day.', { default: false }),
    open_end: bool('Open End', 'This event is open ended.', { default: false }),
    // The iCalendar UID of imported events; hidden in forms.
    sync_uid: textLine('', '', { mode: 'hidden' }),
  },
  fieldsets: [],
  required: ['start', 'end'],
  invariants: [
    {
      kind: 'ordered',
      first: 'start',
      second: 'end',
      unless: 'open_end',
      message: 'End date must be after start date.',
    },
  ],
};

export const eventRecurrence: BehaviorDef = {
  name: 'plone.eventrecurrence',
  title: 'Event Recurrence',
  description: 'Recurrence extension for Events.',
  // An RFC 5545 RRULE text, edited with a dedicated widget.
  fields: { recurrence: text('Recurrence', 'Define the event recurrence rule.') },
  fieldsets: [],
};

export const eventLocation: BehaviorDef = {
  name: 'plone.eventlocation',
  title: 'Event Location',
  description: 'Location extension for Events.',
  fields: { location: textLine('Location', 'Location of the event.') },
  fieldsets: [],
};

export const eventAttendees: BehaviorDef = {
  name: 'plone.eventattendees',
  title: 'Event Attendees',
  description: 'Attendees extension for Events.',
  fields: { attendees: lines('Attendees', 'List of attendees.', undefined, { default: [] }) },
  fieldsets: [],
};

export const eventContact: BehaviorDef = {
  name: 'plone.eventcontact',
  title: 'Event Contact',
  description: 'Contact extension for Events.',
  fields: {
    contact_name: textLine('Contact Name', 'Name of a person to contact about this event.'),
    contact_email: textLine('Contact E-mail', 'Email address to contact about this event.'),
    contact_phone: textLine('Contact Phone', 'Phone number to contact about this event.'),
    event_url: url(
      'Event URL',
      'Web address with more info about the event. Add http:// for external links.',
    ),
  },
  fieldsets: [],
};
