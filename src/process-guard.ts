/**
 * The last line of defence: an error nothing caught (a rejected promise no
 * one awaited, a throw in a timer or a socket callback) is logged and the
 * process keeps serving. Without this, Node ends the process on either, and
 * one bad request or one failed background send would take every team's
 * requests down with it. Requests are answered by their own error handling
 * (src/slack/answer-every-request.ts); this only keeps the rest alive.
 */
export interface GuardLogger {
  error(...message: unknown[]): void;
}

export function guardProcess(logger: GuardLogger, target: NodeJS.Process = process): () => void {
  const onRejection = (reason: unknown) => {
    logger.error("Unhandled promise rejection (the process keeps running):", reason);
  };
  const onException = (error: Error) => {
    logger.error("Uncaught exception (the process keeps running):", error);
  };
  target.on("unhandledRejection", onRejection);
  target.on("uncaughtException", onException);
  return () => {
    target.off("unhandledRejection", onRejection);
    target.off("uncaughtException", onException);
  };
}
