/**
 * A failure the operator can act on, with the exit code the CLI should
 * return: 2 for a target that is not empty or arguments that cannot work,
 * 1 for a damaged backup or a failed verification.
 */
export class OpsError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}
