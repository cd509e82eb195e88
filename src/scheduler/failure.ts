/**
 * A job that sent some things and failed on others: the scheduler logs it and
 * the CLI prints what was sent before exiting non-zero.
 */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly sent: string[],
  ) {
    super(message);
    this.name = "JobFailure";
  }
}
