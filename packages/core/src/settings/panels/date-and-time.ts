// Date and time: the site's time zone and the first day of the week.
import { choice, sequence } from '../../types/field-schemas.js';
import type { ControlPanelDef } from '../model.js';

export const dateAndTimePanel: ControlPanelDef = {
  id: 'date-and-time',
  title: 'Date and Time',
  group: 'General',
  permission: 'Plone Site Setup: Site',
  prefix: 'plone',
  fields: {
    portal_timezone: choice(
      'Portal default timezone',
      'The time zone of the site; users may pick their own among the available ones.',
      'plone.app.vocabularies.CommonTimezones',
      { default: 'UTC' },
    ),
    available_timezones: sequence(
      'List',
      'Available timezones',
      'Time zones users and events may use.',
      choice('', '', 'plone.app.vocabularies.Timezones'),
      { default: [] },
    ),
    // Plone stores the weekday number; Tessera stores the vocabulary token ("0" = Monday).
    first_weekday: choice('First weekday', 'The day a week starts on.', 'plone.app.vocabularies.Weekdays', {
      default: '0',
    }),
  },
  required: ['portal_timezone', 'first_weekday'],
};
