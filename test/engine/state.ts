/**
 * The stack's state: a JSON file shaped like a Pulumi checkpoint, with every secret value
 * encrypted (AES-256-GCM, key derived from the passphrase with scrypt), so a plaintext scan
 * of the file finds no secret.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { Secret, SECRET_SIG, SIG, type Props } from "./values";

export interface ResourceState {
  urn: string;
  type: string;
  custom: boolean;
  id?: string;
  inputs: Props;
  outputs: Props;
  parent?: string;
  dependencies?: string[];
  protect?: boolean;
  additionalSecretOutputs?: string[];
}

export interface Checkpoint {
  version: 3;
  checkpoint: {
    stack: string;
    latest: {
      manifest: { time: string; magic: string; version: string };
      secrets_providers: { type: "passphrase"; state: { salt: string } };
      resources: unknown[];
    };
  };
}

export class StateFile {
  private key: Buffer | undefined;
  private salt: string | undefined;

  constructor(readonly path: string, private readonly passphrase: string) {}

  private keyFor(salt: string): Buffer {
    if (!this.key || this.salt !== salt) {
      this.key = scryptSync(this.passphrase, Buffer.from(salt, "base64"), 32);
      this.salt = salt;
    }
    return this.key;
  }

  raw(): Checkpoint | undefined {
    return existsSync(this.path) ? (JSON.parse(readFileSync(this.path, "utf8")) as Checkpoint) : undefined;
  }

  load(): ResourceState[] {
    const cp = this.raw();
    if (!cp) return [];
    const key = this.keyFor(cp.checkpoint.latest.secrets_providers.state.salt);
    return cp.checkpoint.latest.resources.map((r) => decrypt(r, key) as ResourceState);
  }

  save(stack: string, resources: ResourceState[]): void {
    const salt = this.raw()?.checkpoint.latest.secrets_providers.state.salt ?? randomBytes(16).toString("base64");
    const key = this.keyFor(salt);
    const cp: Checkpoint = {
      version: 3,
      checkpoint: {
        stack,
        latest: {
          manifest: { time: new Date().toISOString(), magic: "pulumi-webhooks-test-engine", version: "test" },
          secrets_providers: { type: "passphrase", state: { salt } },
          resources: resources.map((r) => encrypt(r, key)),
        },
      },
    };
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(cp, null, 2));
    renameSync(tmp, this.path);
  }
}

function encrypt(value: unknown, key: Buffer): unknown {
  if (value instanceof Secret) {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value.value ?? null), "utf8"), cipher.final()]);
    return { [SIG]: SECRET_SIG, ciphertext: `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}` };
  }
  if (Array.isArray(value)) return value.map((v) => encrypt(v, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Props).filter(([, v]) => v !== undefined).map(([k, v]) => [k, encrypt(v, key)]));
  }
  return value;
}

function decrypt(value: unknown, key: Buffer): unknown {
  if (Array.isArray(value)) return value.map((v) => decrypt(v, key));
  if (value && typeof value === "object") {
    const obj = value as Props;
    if (obj[SIG] === SECRET_SIG && typeof obj.ciphertext === "string") {
      const data = Buffer.from(obj.ciphertext.slice(3), "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      const text = Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString("utf8");
      return new Secret(JSON.parse(text));
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, decrypt(v, key)]));
  }
  return value;
}
