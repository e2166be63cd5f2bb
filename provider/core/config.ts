/**
 * Credentials and endpoints, read when an operation runs — never captured into the
 * serialized provider and never resource inputs (a credential in state breaks delete after
 * a key rotation). Stack config first (`pulumi config set --secret talkover:apiToken …`),
 * then the environment.
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
  const fromConfig = stackConfig?.get(setting.configKey);
  if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
  const fromEnv = env[setting.envVar];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : undefined;
}

/** Like `lookup`, but a missing value fails with the exact key and variable to set. */
export function requireSetting(setting: Setting, vendor: string, what: string): string {
  const value = lookup(setting);
  if (value === undefined) {
    throw new ConfigurationError(
      vendor,
      "read credentials",
      `no ${what} configured: run \`pulumi config set --secret ${setting.configKey} <value>\` or set the environment variable ${setting.envVar}`,
    );
  }
  return value;
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
  credential: Setting;
  baseUrl: Setting;
  defaultBaseUrl: string;
}

export interface Account {
  credential: string;
  baseUrl: string;
}

/** Resolves credential and base URL now (never cached: a rotated key applies at once). */
export function resolveAccount(settings: AccountSettings): Account {
  return {
    credential: requireSetting(settings.credential, settings.vendor, settings.credentialName),
    baseUrl: baseUrl(settings.baseUrl, settings.defaultBaseUrl),
  };
}
