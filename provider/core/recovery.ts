/**
 * Creating a webhook at a vendor that has no idempotency key, without ever touching one
 * that is not ours (issue 10).
 *
 * When a create's answer is lost (5xx, timeout, dropped connection, unreadable 2xx) the
 * vendor may or may not have made the webhook. Identical webhooks are normal (a staging
 * and a production stack, one made by hand), so "looks like ours" proves nothing. What
 * does: a webhook that matches and is absent from a listing taken just before the request
 * was sent. Exactly one such webhook is taken as ours; none means the request was not
 * carried out; more than one (another program created the same webhook at the same
 * moment) cannot be decided, so nothing is touched and the error names the candidates.
 *
 * Remaining risk, stated in the README: a vendor that carries out the request only after
 * the listing that follows the failure finds nothing leaves a duplicate.
 */
import { ConflictError, mayHaveBeenPerformed } from "./errors";

export interface CreateOnceSpec<W> {
  vendor: string;
  /** e.g. `webhook "calls-ended"`, for messages. */
  what: string;
  /** Every webhook of the scope the create adds to (an agent's, an account's). */
  list(): Promise<W[]>;
  idOf(webhook: W): string;
  /** Same settings as the create request. */
  matches(webhook: W): boolean;
  create(): Promise<W>;
  /**
   * What to do with the webhook proven to come from our lost request: adopt it (return
   * it), or — when its answer held a secret we no longer have — discard it and create anew.
   */
  recover: { adopt: true } | { discard(webhook: W): Promise<void> };
  /** How the user adopts a candidate: the resource property (`adoptId`) when there is one. */
  adoptProperty?: string;
}

export async function createOnce<W>(spec: CreateOnceSpec<W>): Promise<W> {
  const before = new Set((await spec.list()).map((w) => spec.idOf(w)));
  try {
    return await spec.create();
  } catch (err) {
    if (!mayHaveBeenPerformed(err)) throw err;
    const ours = (await spec.list()).filter((w) => !before.has(spec.idOf(w)) && spec.matches(w));
    // Not carried out: one more plain attempt (its own ambiguity surfaces as an error).
    if (ours.length === 0) return spec.create();
    if (ours.length > 1) throw undecidable(spec, ours.map((w) => spec.idOf(w)), err as Error);
    if ("adopt" in spec.recover) return ours[0];
    await spec.recover.discard(ours[0]);
    return spec.create();
  }
}

/**
 * After a lost answer with no listing from before the request: any matching webhook may be
 * someone else's, so a match is never touched. None means the request was not carried out.
 */
export async function createUnlisted<W>(spec: Omit<CreateOnceSpec<W>, "recover">): Promise<W> {
  try {
    return await spec.create();
  } catch (err) {
    if (!mayHaveBeenPerformed(err)) throw err;
    const candidates = (await spec.list()).filter((w) => spec.matches(w));
    if (candidates.length === 0) return spec.create();
    throw undecidable({ ...spec, adoptProperty: undefined }, candidates.map((w) => spec.idOf(w)), err as Error);
  }
}

function undecidable(spec: Pick<CreateOnceSpec<unknown>, "vendor" | "what" | "adoptProperty">, ids: string[], cause: Error): ConflictError {
  const adopt = spec.adoptProperty
    ? `To manage one of them with this resource, set ${spec.adoptProperty}: "<id>" to it; delete the others by hand if they are not wanted.`
    : "Check which one is wanted and delete the others by hand, then run the update again.";
  return new ConflictError(spec.vendor, "create " + spec.what,
    `could not create ${spec.what}: the answer to the create request was lost, and ${ids.length} matching webhooks ` +
    `that could have come from it were found (${ids.join(", ")}). They cannot be told apart from ones made by someone else, ` +
    `so none was adopted, disabled or deleted. ${adopt} (lost answer: ${cause.message})`,
    { cause });
}
