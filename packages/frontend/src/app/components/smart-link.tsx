// A protocol-checked anchor; site paths navigate on the client through the
// document-level listener of lib/client-navigation.ts.
import type { ReactNode } from 'react';
import { safeUrl } from '../lib/urls.js';

export function SmartLink(props: { href: unknown; children: ReactNode; className?: string }) {
  // Internal links navigate on the client through useClientNavigation (root).
  const href = safeUrl(props.href);
  return (
    <a href={href} className={props.className}>
      {props.children}
    </a>
  );
}
