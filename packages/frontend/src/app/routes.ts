// Fixed pages first; everything else is content, traversed like Plone does.
import { index, type RouteConfig, route } from '@react-router/dev/routes';

export default [
  route('login', 'routes/login.tsx'),
  route('logout', 'routes/logout.tsx'),
  route('search', 'routes/search.tsx'),
  index('routes/content.tsx', { id: 'content-root' }),
  route('*', 'routes/content.tsx', { id: 'content' }),
] satisfies RouteConfig;
