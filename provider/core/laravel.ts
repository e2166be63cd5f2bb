/**
 * Error bodies of Laravel applications (Talkover and Autocalls are built on it):
 * `{"message": "...", "errors": {"field": ["reason", ...]}}`.
 */
export function laravelErrorMessage(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const { message, errors } = body as { message?: unknown; errors?: unknown };
  if (typeof message !== "string") return undefined;
  if (!errors || typeof errors !== "object") return message;
  const fields = Object.entries(errors as Record<string, unknown>).map(
    ([field, reasons]) => `${field}: ${Array.isArray(reasons) ? reasons.join(" ") : String(reasons)}`,
  );
  return fields.length ? `${message} ${fields.join("; ")}` : message;
}
