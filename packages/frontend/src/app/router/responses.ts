// What a loader or action throws to leave the normal path: a redirect, or a
// status page (404, 401). The server turns them into responses.
export class Redirect {
  constructor(
    readonly location: string,
    readonly status: 301 | 302 | 303 | 307 | 308 = 302,
  ) {}
}

export class PageError {
  constructor(readonly status: number) {}
}

export const redirect = (location: string, status?: Redirect['status']) => new Redirect(location, status);
export const pageError = (status: number) => new PageError(status);
