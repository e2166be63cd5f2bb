/**
 * The property bag a resource registers with. Pulumi only materializes outputs for keys
 * present at registration, so every output the vendor fills in is listed as undefined.
 */
export function registrationProps(args: object, outputKeys: readonly string[]): Record<string, unknown> {
  const props: Record<string, unknown> = Object.fromEntries(outputKeys.map((key) => [key, undefined]));
  for (const [key, value] of Object.entries(args)) props[key] = value;
  return props;
}
