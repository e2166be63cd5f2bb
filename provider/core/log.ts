/**
 * Where the provider tells the user about something slow that is not an error (a long wait
 * for a rate limit). The API layer calls `announce`; the runtime plugs in Pulumi's log, so
 * core and vendor code never import @pulumi/pulumi.
 */
export type Logger = (message: string) => void;

let logger: Logger = (message) => process.stderr.write(`pulumi-webhooks: ${message}\n`);

/** Replaces the logger; returns the previous one (tests restore it). */
export function setLogger(next: Logger): Logger {
  const previous = logger;
  logger = next;
  return previous;
}

/** Tells the user; a failing logger never fails the operation. */
export function announce(message: string): void {
  try {
    logger(message);
  } catch {
    // Nothing useful to do: the message is informational.
  }
}
