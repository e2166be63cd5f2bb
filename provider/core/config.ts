/**
 * Credentials and endpoints, read when an operation runs — never captured into the
 * serialized provider and never resource inputs (a credential in state breaks delete after
 * a key rotation). Stack config first (`pulumi config set --secret talkover:apiToken …`),
 * then the environment.
 *
 * Several accounts of one vendor: a resource names its account (the `account` input, only
 * a name), and each named account has its own keys — the default key with `-<account>`
 * appended, the variable with `_<ACCOUNT>` (`talkover:apiToken-eu`, `TALKOVER_API_TOKEN_EU`).
 * A suffix keeps every key a plain `<namespace>:<name>` that `pulumi config set --secret`
 * accepts as it is (no `--path`, no object values), and account names are lowercase
 * letters, digits and single dashes so the two spellings map one to one.
 */
import { ConfigurationError } from "./errors";

/** What `configure()` receives from the Pulumi engine: the whole stack config, namespaced. */
export interface StackConfig {
  get(key: string): string | undefined;
}

let stackConfig: StackConfig | undefined;

/** Called from the provider's `configure`; the engine sends the whole stack config. */
export function setStackConfig(config: StackConfig | undefined): void {
  stackConfig = config;
}

/** A setting looked up as config key, then env var. */
export interface Setting {
  configKey: string;
  envVar: string;
}

export function lookup(setting: Setting, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return lookupWithSource(setting, env)?.value;
}

/** Where a value was found: the stack config wins over the environment. */
export type SettingSource = "stack config" | "environment";

/** Like `lookup`, also saying where the value came from. */
export function lookupWithSource(setting: Setting, env: NodeJS.ProcessEnv = process.env): { value: string; source: SettingSource } | undefined {
  const fromConfig = stackConfig?.get(setting.configKey);
  if (fromConfig !== undefined && fromConfig !== "") return { value: fromConfig, source: "stack config" };
  const fromEnv = env[setting.envVar];
  return fromEnv !== undefined && fromEnv !== "" ? { value: fromEnv, source: "environment" } : undefined;
}

/** Lowercase letters and digits in dash-separated words: `eu`, `second-org`, `acme2`. */
export const ACCOUNT_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The setting of a named account: `talkover:apiToken` → `talkover:apiToken-eu`,
 * `TALKOVER_API_TOKEN` → `TALKOVER_API_TOKEN_EU`. No name (the default account) → the
 * setting itself, so stacks written before accounts existed read the same keys.
 */
export function forAccount(setting: Setting, account?: string): Setting {
  if (account === undefined || account === "") return setting;
  return { configKey: `${setting.configKey}-${account}`, envVar: `${setting.envVar}_${account.toUpperCase().replace(/-/g, "_")}` };
}

/** ` for account "eu"`, or nothing for the default account (messages already start with the vendor). */
export function accountLabel(account?: string): string {
  return account ? ` for account "${account}"` : "";
}

/** Like `lookup`, but a missing value fails with the exact key and variable to set. */
export function requireSetting(setting: Setting, vendor: string, what: string, account?: string): { value: string; source: SettingSource } {
  const found = lookupWithSource(setting);
  if (found === undefined) {
    throw new ConfigurationError(
      vendor,
      "read credentials",
      `no ${what} configured${accountLabel(account)}: run \`pulumi config set --secret ${setting.configKey} <value>\` or set the environment variable ${setting.envVar}`,
    );
  }
  return found;
}

/** The base URL: `<vendor>:baseUrl` / `<VENDOR>_BASE_URL`, else the vendor's public URL. */
export function baseUrl(setting: Setting, fallback: string): string {
  return (lookup(setting) ?? fallback).replace(/\/+$/, "");
}

/** Where a vendor's credential and base URL come from. Vendor folders declare this. */
export interface AccountSettings {
  vendor: string;
  /** e.g. "API token"; used in the missing-credential message. */
  credentialName: string;
  /** The default account's settings; a named account's are derived from them (`forAccount`). */
  credential: Setting;
  baseUrl: Setting;
  defaultBaseUrl: string;
  /** The account a resource names; undefined for the default account. */
  account?: string;
}

export interface Account {
  credential: string;
  baseUrl: string;
  /** The keys this account was read from (named in errors: a 401, a wrong base URL). */
  credentialSetting: Setting;
  credentialSource: SettingSource;
  baseUrlSetting: Setting;
}

/** Resolves credential and base URL now (never cached: a rotated key applies at once). */
export function resolveAccount(settings: AccountSettings): Account {
  const credentialSetting = forAccount(settings.credential, settings.account);
  const baseUrlSetting = forAccount(settings.baseUrl, settings.account);
  const credential = requireSetting(credentialSetting, settings.vendor, settings.credentialName, settings.account);
  return {
    credential: credential.value,
    credentialSource: credential.source,
    credentialSetting,
    // A named account without its own base URL goes to the vendor's public one, never to
    // the default account's: that may be a sandbox or another region.
    baseUrl: baseUrl(baseUrlSetting, settings.defaultBaseUrl),
    baseUrlSetting,
  };
}
