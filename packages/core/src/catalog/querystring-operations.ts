// The operations of the query builder (plone.app.querystring), as
// @querystring describes them to Volto's query widget: a title, the widget
// that takes the value, and the parser function Plone names for it.

export interface OperationInfo {
  title: string;
  description: string | null;
  widget: string | null;
  /** plone.app.querystring.queryparser._<name> */
  parser: string;
}

const op = (
  title: string,
  parser: string,
  widget: string | null,
  description: string | null = null,
): OperationInfo => ({
  title,
  description,
  widget,
  parser,
});
const TIP = 'Tip: you can use * to autocomplete.';

export const OPERATIONS: Record<string, OperationInfo> = {
  'selection.any': op('Matches any of', 'contains', 'MultipleSelectionWidget', TIP),
  'selection.all': op('Matches all of', 'all', 'MultipleSelectionWidget', TIP),
  'selection.none': op('Matches none of', 'excludes', 'MultipleSelectionWidget', TIP),
  'selection.is': op('Is', 'equal', 'MultipleSelectionWidget', TIP),
  'string.is': op('Is', 'equal', 'StringWidget', TIP),
  'string.isNot': op('Is not', 'isNot', 'StringWidget', TIP),
  'string.contains': op('Contains', 'contains', 'StringWidget'),
  'string.currentUser': op(
    'Current logged in user',
    'currentUser',
    null,
    'The user viewing the querystring results',
  ),
  'string.absolutePath': op(
    'Absolute path',
    'absolutePath',
    'ReferenceWidget',
    'Location in the site structure',
  ),
  'string.relativePath': op(
    'Relative path',
    'relativePath',
    'RelativePathWidget',
    'Enter a relative path e.g.: ".." for the parent folder',
  ),
  'string.path': op(
    'Navigation path',
    'navigationPath',
    'ReferenceWidget',
    'Location in the navigation structure',
  ),
  'boolean.isTrue': op('Yes', 'isTrue', null),
  'boolean.isFalse': op('No', 'isFalse', null),
  'int.is': op('Equals', 'equal', 'StringWidget'),
  'int.lessThan': op('Less than', 'lessThan', 'StringWidget'),
  'int.largerThan': op('Larger than', 'largerThan', 'StringWidget'),
  'list.contains': op('Contains', 'contains', 'MultipleSelectionWidget'),
  'reference.is': op('Is', 'equal', 'ReferenceWidget'),
  'date.lessThan': op('Before date', 'lessThan', 'DateWidget', 'Please use YYYY/MM/DD.'),
  'date.largerThan': op('After date', 'largerThan', 'DateWidget', 'Please use YYYY/MM/DD.'),
  'date.between': op('Between dates', 'between', 'DateRangeWidget', 'Please use YYYY/MM/DD.'),
  'date.today': op('Today', 'intEqual', null, 'Date is today'),
  'date.beforeToday': op('Before today', 'beforeToday', null, 'Before the current day'),
  'date.afterToday': op('After today', 'afterToday', null, 'After the current day'),
  'date.lessThanRelativeDate': op(
    'Within next days',
    'lessThanRelativeDate',
    'RelativeDateWidget',
    'Please enter the number in days.',
  ),
  'date.largerThanRelativeDate': op(
    'Within last days',
    'largerThanRelativeDate',
    'RelativeDateWidget',
    'Please enter the number in days.',
  ),
  'date.beforeRelativeDate': op(
    'Before N days (relative)',
    'beforeRelativeDate',
    'RelativeDateWidget',
    'Please enter the number in days.',
  ),
  'date.afterRelativeDate': op(
    'After N days (relative)',
    'afterRelativeDate',
    'RelativeDateWidget',
    'Please enter the number in days.',
  ),
};
