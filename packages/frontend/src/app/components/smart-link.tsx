// A link that navigates on the client for site paths and is a plain,
// protocol-checked anchor otherwise.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { isInternal, safeUrl } from '../lib/urls.js';

export function SmartLink(props: { href: unknown; children: ReactNode; className?: string }) {
  const href = safeUrl(props.href);
  if (isInternal(href))
    return (
      <Link to={href} className={props.className}>
        {props.children}
      </Link>
    );
  return (
    <a href={href} className={props.className}>
      {props.children}
    </a>
  );
}
