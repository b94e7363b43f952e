// Splits a request path into the content path and the @service tail, and works
// out the URL the client sees the site at. Handles:
//  - the site mounted under a path (config.sitePath, e.g. /Plone);
//  - `++api++` segments (Volto's seamless mode), which are dropped;
//  - Zope's virtual hosting form, as Plone's nginx configs and Volto's proxy use:
//    /VirtualHostBase/<proto>/<host:port>/<physical…>/VirtualHostRoot/[_vh_<seg>/…]<rest>
//  - X-Forwarded-Host / X-Forwarded-Proto when the proxy is trusted.
import { badRequest, TesseraError } from '@tessera/core';

export interface Traversed {
  /** Site-relative content path: '' for the root, '/a/b' below it. */
  contentPath: string;
  /** The service name with one leading '@' ('@types'); null for the content itself. */
  service: string | null;
  /** Path segments after the service name, decoded. */
  serviceArgs: string[];
  /** Builds the absolute URL of a site-relative content path. */
  urls: SiteUrls;
}

export class SiteUrls {
  constructor(
    /** Absolute URL of the site root as the client sees it (no trailing slash). */
    readonly siteUrl: string,
    /** Physical site-relative path that the virtual root maps to ('' normally). */
    private readonly hiddenPrefix: string,
  ) {}

  url(contentPath: string): string {
    if (this.hiddenPrefix && contentPath.startsWith(this.hiddenPrefix))
      return this.siteUrl + contentPath.slice(this.hiddenPrefix.length);
    return this.siteUrl + contentPath;
  }
}

export interface RequestShape {
  path: string;
  host: string | undefined;
  protocol: string;
  forwardedHost?: string;
  forwardedProto?: string;
}

function decodeSegments(path: string): string[] {
  const raw = path.split('/').filter((s) => s !== '');
  try {
    return raw.map((s) => decodeURIComponent(s));
  } catch {
    throw badRequest('The request path is not valid percent-encoded UTF-8.');
  }
}

const first = (v: string | undefined) => v?.split(',')[0]?.trim() || undefined;

export function traverse(req: RequestShape, mount: string[], trustProxy: boolean): Traversed {
  let segs = decodeSegments(req.path);
  let origin: string;
  let virtualPrefix: string[] = [];
  let physicalRoot: string[] = [];

  if (segs[0] === 'VirtualHostBase') {
    const [, proto, hostport] = segs;
    const vhr = segs.indexOf('VirtualHostRoot');
    if (!proto || !hostport || vhr < 3 || !/^https?$/.test(proto) || !/^[A-Za-z0-9.\-[\]:]+$/.test(hostport))
      throw badRequest('Malformed virtual hosting path.');
    const host = hostport.replace(/:(80|443)$/, (m) => ((proto === 'http') === (m === ':80') ? '' : m));
    origin = `${proto}://${host}`;
    physicalRoot = segs.slice(3, vhr).filter((s) => s !== '++api++');
    let rest = segs.slice(vhr + 1);
    while (rest[0]?.startsWith('_vh_')) {
      virtualPrefix.push(rest[0].slice(4));
      rest = rest.slice(1);
    }
    segs = [...physicalRoot, ...rest];
  } else {
    // A forwarded origin counts only when the proxy names both host and scheme
    // (our nginx sets both). Volto's server-side renderer sends X-Forwarded-Host
    // alone — its own hostname, without the port — and then expects @id URLs
    // under its internal API path, as Plone gives them (Zope ignores the header).
    const proxyHost = trustProxy ? first(req.forwardedHost) : undefined;
    const proxyProto = trustProxy ? first(req.forwardedProto) : undefined;
    origin =
      proxyHost && proxyProto
        ? `${proxyProto}://${proxyHost}`
        : `${req.protocol}://${req.host || 'localhost'}`;
  }
  segs = segs.filter((s) => s !== '++api++');
  virtualPrefix = virtualPrefix.filter((s) => s !== '');

  // The request must lie inside the mounted site.
  for (let i = 0; i < mount.length; i++) {
    if (segs[i] !== mount[i]) throw new TesseraError('NotFound', `Resource not found: ${req.path}`);
  }
  const inSite = segs.slice(mount.length);
  const serviceAt = inSite.findIndex((s) => s.startsWith('@'));
  const contentSegs = serviceAt === -1 ? inSite : inSite.slice(0, serviceAt);
  const serviceSeg = serviceAt === -1 ? null : inSite[serviceAt];

  // The site root's URL: the virtual root (and its hidden physical prefix) or the mount.
  const vprefix = virtualPrefix.length ? `/${virtualPrefix.join('/')}` : '';
  let siteUrl: string;
  let hidden = '';
  if (physicalRoot.length > mount.length) {
    hidden = `/${physicalRoot.slice(mount.length).join('/')}`;
    siteUrl = origin + vprefix;
  } else {
    const visible = mount.slice(physicalRoot.length);
    siteUrl = origin + vprefix + (visible.length ? `/${visible.join('/')}` : '');
  }

  return {
    contentPath: contentSegs.length ? `/${contentSegs.join('/')}` : '',
    service: serviceSeg === null ? null : serviceSeg.replace(/^@@/, '@'),
    serviceArgs: serviceAt === -1 ? [] : inSite.slice(serviceAt + 1),
    urls: new SiteUrls(siteUrl, hidden),
  };
}
