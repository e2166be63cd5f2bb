/**
 * The GitOps workflows in examples/gitops/: they pass actionlint (the GitHub Actions workflow
 * validator, built from pinned Go modules by test/actionlint/actionlint.ts; never skipped),
 * they keep their structural promises (fork guard, concurrency per stack, pinned CLI, least
 * privilege, schedule, `up --refresh`), and their github-script steps, run against a fake
 * GitHub API, edit only their own sticky comment and keep exactly one drift issue per stack.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookChange } from "../../provider/gitops/changes";
import { GITHUB_COMMENT_LIMIT, renderPlan } from "../../provider/gitops/render";
import { getActionlint, PINNED_VERSION as ACTIONLINT_VERSION } from "../actionlint/actionlint";
import { PINNED_VERSION as PULUMI_VERSION } from "../cli/pulumi-cli";

const run = promisify(execFile);
const DIR = resolve(__dirname, "../../examples/gitops");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort();

/* eslint-disable @typescript-eslint/no-explicit-any */
type Workflow = { name: string; on: Record<string, any>; permissions?: unknown; jobs: Record<string, any> };
const text = (file: string) => readFileSync(join(DIR, file), "utf8");
const workflow = (file: string) => load(text(file)) as Workflow;
const steps = (job: any): any[] => job.steps ?? [];
const stepUsing = (job: any, action: string) => steps(job).find((s) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));
const runs = (job: any) => steps(job).map((s) => s.run ?? "").join("\n");

describe("actionlint", () => {
  let bin = "";
  const scratch = mkdtempSync(join(tmpdir(), "pw-actionlint-"));
  beforeAll(async () => {
    const found = await getActionlint();
    expect(found.version).toBe(ACTIONLINT_VERSION);
    bin = found.bin;
  }, 15 * 60_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const lint = async (files: string[]) => {
    try {
      const { stdout } = await run(bin, ["-no-color", "-format", "{{json .}}", ...files], { cwd: DIR });
      return { code: 0, findings: JSON.parse(stdout || "[]") as { message: string; filepath: string; line: number }[] };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      if (e.code !== 1) throw new Error(`actionlint failed to run (exit ${e.code}): ${e.stderr}`);
      return { code: 1, findings: JSON.parse(e.stdout || "[]") as { message: string; filepath: string; line: number }[] };
    }
  };

  it("there are workflows to check: plan, deploy and drift", () => {
    expect(FILES).toEqual(["webhooks-deploy.yml", "webhooks-drift.yml", "webhooks-plan.yml"]);
  });

  it.each(FILES)("finds nothing in %s", async (file) => {
    const { code, findings } = await lint([file]);
    expect(findings.map((f) => `${f.filepath}:${f.line}: ${f.message}`)).toEqual([]);
    expect(code).toBe(0);
  });

  it("is alive: it flags a broken workflow", async () => {
    const bad = join(scratch, "bad.yml");
    writeFileSync(bad, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt.number }}\n");
    const { code, findings } = await lint([bad]);
    expect(code).toBe(1);
    expect(findings.map((f) => f.message).join("\n")).toMatch(/evnt/);
  });
});

describe("workflow structure", () => {
  const plan = workflow("webhooks-plan.yml");
  const deploy = workflow("webhooks-deploy.yml");
  const drift = workflow("webhooks-drift.yml");
  const all = { plan, deploy, drift };
  const stackJobs = [plan.jobs.plan, deploy.jobs.up, drift.jobs.drift];

  it("triggers: pull requests, pushes to main, nightly schedule and by hand; never pull_request_target", () => {
    expect(Object.keys(plan.on)).toEqual(["pull_request"]);
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect(deploy.on).toHaveProperty("workflow_dispatch");
    expect(drift.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
    expect(drift.on).toHaveProperty("workflow_dispatch");
    for (const file of FILES) expect(text(file)).not.toMatch(/^\s*pull_request_target:/m);
  });

  it("guards pull requests from forks: no plan job, a notice instead", () => {
    expect(plan.jobs.plan.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    const notice = plan.jobs["fork-notice"];
    expect(notice.if).toBe("github.event.pull_request.head.repo.full_name != github.repository");
    expect(notice.permissions).toEqual({});
    expect(runs(notice)).toMatch(/::notice title=Webhook plan skipped::/);
    expect(JSON.stringify(notice)).not.toMatch(/secrets\.[A-Z_]/);
  });

  it("least privilege: nothing at the top, each job only what it uses", () => {
    for (const w of Object.values(all)) expect(w.permissions).toEqual({});
    expect(plan.jobs.plan.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(deploy.jobs.up.permissions).toEqual({ contents: "read" });
    expect(drift.jobs.drift.permissions).toEqual({ contents: "read", issues: "write" });
  });

  it("the stack is one matrix value, used as STACK everywhere", () => {
    for (const job of stackJobs) {
      expect(job.strategy.matrix.stack).toEqual(["prod"]);
      expect(job.env.STACK).toBe("${{ matrix.stack }}");
      expect(runs(job)).not.toMatch(/--stack (?!"\$STACK")/);
    }
  });

  it("a concurrency group per stack: deploy and drift share one and never cancel; plans have their own per PR", () => {
    expect(deploy.jobs.up.concurrency).toEqual({ group: "pulumi-webhooks-${{ matrix.stack }}", "cancel-in-progress": false });
    expect(drift.jobs.drift.concurrency).toEqual(deploy.jobs.up.concurrency);
    expect(plan.jobs.plan.concurrency).toEqual({
      group: "pulumi-webhooks-plan-${{ matrix.stack }}-pr-${{ github.event.pull_request.number }}",
      "cancel-in-progress": true,
    });
  });

  it("a pinned Pulumi CLI (the version the tests run on) and a Node LTS", () => {
    for (const job of stackJobs) {
      expect(stepUsing(job, "pulumi/actions").with["pulumi-version"]).toBe(PULUMI_VERSION);
      expect([20, 22]).toContain(stepUsing(job, "actions/setup-node").with["node-version"]);
    }
  });

  it("every action is pinned to a major version", () => {
    for (const w of Object.values(all))
      for (const job of Object.values(w.jobs)) for (const s of steps(job)) if (s.uses) expect(s.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
  });

  it("backend login: Pulumi Cloud live, S3 and Azure Blob as commented examples, a passphrase for passphrase stacks", () => {
    for (const [file, job] of [["webhooks-plan.yml", plan.jobs.plan], ["webhooks-deploy.yml", deploy.jobs.up], ["webhooks-drift.yml", drift.jobs.drift]] as const) {
      expect(job.env.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
      expect(job.env.PULUMI_CONFIG_PASSPHRASE).toBe("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
      const t = text(file);
      for (const commented of [/# PULUMI_BACKEND_URL: s3:\/\//, /# AWS_ACCESS_KEY_ID:/, /# AWS_SECRET_ACCESS_KEY:/, /# PULUMI_BACKEND_URL: azblob:\/\//, /# AZURE_STORAGE_ACCOUNT:/, /# AZURE_STORAGE_KEY:/])
        expect(t).toMatch(commented);
      expect(runs(job)).toMatch(/^pulumi login$/m);
    }
  });

  it("PR: plan as markdown, a sticky comment with a hidden per-stack marker by github-actions[bot], summary and artifact", () => {
    const job = plan.jobs.plan;
    expect(runs(job)).toContain('npx pulumi-webhooks plan --stack "$STACK" --format markdown');
    expect(runs(job)).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(stepUsing(job, "actions/upload-artifact").with.path).toBe("${{ runner.temp }}/webhooks-plan/");
    const comment = stepUsing(job, "actions/github-script");
    expect(comment.if).toBe("${{ !cancelled() }}"); // also when the plan failed
    expect(comment.with.script).toContain("`<!-- pulumi-webhooks-plan:${stack} -->`");
    expect(comment.with.script).toContain("'github-actions[bot]'");
  });

  it("merge: pulumi up --refresh, with the reason in a comment", () => {
    expect(runs(deploy.jobs.up)).toContain('pulumi up --refresh --yes --non-interactive --stack "$STACK"');
    expect(text("webhooks-deploy.yml")).toMatch(/# --refresh reads every webhook back[\s\S]*A plain\n\s*# `pulumi up` compares the program with the last recorded state only/);
  });

  it("nightly: drift with 0/2/1 told apart, one issue per stack, the fix commands and the refresh pitfall", () => {
    const job = drift.jobs.drift;
    expect(runs(job)).toContain('npx pulumi-webhooks drift --stack "$STACK" --format markdown');
    expect(runs(job)).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(runs(job)).toMatch(/2\) echo "::error title=Webhook drift in \$STACK::[\s\S]*exit 2 ;;[\s\S]*\*\) echo "::error title=Webhook drift check failed for \$STACK::[\s\S]*exit 1 ;;/);
    const script = stepUsing(job, "actions/github-script").with.script as string;
    expect(script).toContain("`<!-- pulumi-webhooks-drift:${stack} -->`");
    for (const t of ["pulumi-webhooks drift --fix", "pulumi up --refresh", "`pulumi refresh --yes` on its own"]) expect(script).toContain(t);
    expect(text("webhooks-drift.yml")).toMatch(/Never "fix" drift with `pulumi refresh --yes` alone/);
  });
});

// ── The github-script steps, run against a fake GitHub ─────────────────────────────────────

interface Comment { id: number; user: { login: string }; body: string; html_url: string }
interface Issue { number: number; user: { login: string }; body: string; title: string; state: string; labels: { name: string }[]; html_url: string; pull_request?: object }
const BOT = { login: "github-actions[bot]" };

function fakeGitHub(start: { comments?: Comment[]; issues?: Issue[]; labels?: string[] } = {}) {
  const comments = [...(start.comments ?? [])];
  const issues = [...(start.issues ?? [])];
  const labels = new Set(start.labels ?? []);
  const issueComments: { issue_number: number; body: string }[] = [];
  const calls: string[] = [];
  const notFound = () => Object.assign(new Error("Not Found"), { status: 404 });
  const rest = {
    issues: {
      listComments: async () => ({ data: comments }),
      updateComment: async (p: { comment_id: number; body: string }) => {
        calls.push(`updateComment ${p.comment_id}`);
        comments.find((c) => c.id === p.comment_id)!.body = p.body;
      },
      createComment: async (p: { issue_number: number; body: string }) => {
        calls.push(`createComment ${p.issue_number}`);
        const c = { id: 1000 + comments.length, user: BOT, body: p.body, html_url: "u" };
        if (p.issue_number === 7) comments.push(c);
        else issueComments.push({ issue_number: p.issue_number, body: p.body });
        return { data: c };
      },
      getLabel: async (p: { name: string }) => {
        if (!labels.has(p.name)) throw notFound();
        return { data: { name: p.name } };
      },
      createLabel: async (p: { name: string }) => {
        calls.push(`createLabel ${p.name}`);
        labels.add(p.name);
      },
      listForRepo: async (p: { state: string; labels: string }) => ({
        data: issues.filter((i) => i.state === p.state && i.labels.some((l) => l.name === p.labels)),
      }),
      create: async (p: { title: string; body: string; labels: string[] }) => {
        const i: Issue = { number: 100 + issues.length, user: BOT, body: p.body, title: p.title, state: "open", labels: p.labels.map((name) => ({ name })), html_url: "u" };
        calls.push(`create ${i.number} ${p.labels.join(",")}`);
        issues.push(i);
        return { data: i };
      },
      update: async (p: { issue_number: number; body?: string; state?: string; title?: string }) => {
        calls.push(`update ${p.issue_number}${p.state ? ` ${p.state}` : ""}`);
        Object.assign(issues.find((i) => i.number === p.issue_number)!, Object.fromEntries(Object.entries(p).filter(([k]) => k !== "issue_number")));
      },
    },
  };
  const github = { rest, paginate: async (fn: (p: unknown) => Promise<{ data: unknown[] }>, params: unknown) => (await fn(params)).data };
  return { github, comments, issues, issueComments, calls, labels };
}

const context = {
  repo: { owner: "acme", repo: "platform" },
  serverUrl: "https://github.com",
  runId: 42,
  payload: { pull_request: { number: 7, head: { sha: "abcdef1234567890" } } },
};
const core = { info: () => {}, notice: () => {} };
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;

/** Runs a github-script step's script the way the action does: an async function body with these names in scope. */
async function runScript(script: string, github: unknown, env: Record<string, string>): Promise<void> {
  const fn = new AsyncFunction("require", "github", "context", "core", "process", script);
  await fn(createRequire(__filename), github, context, core, { env: { STACK: "prod", ...env } });
}

function outputDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pw-gitops-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe("sticky plan comment", () => {
  const script = stepUsing(workflow("webhooks-plan.yml").jobs.plan, "actions/github-script").with.script as string;
  const MARKER = "<!-- pulumi-webhooks-plan:prod -->";
  const planMd = "### Webhook changes\n\n**1 webhook turned off (Talkover 1).**";

  it("posts one comment starting with the marker when there is none", async () => {
    const gh = fakeGitHub();
    await runScript(script, gh.github, { PLAN_DIR: outputDir({ "plan.md": planMd, "plan.err": "" }), PLAN_EXIT: "0" });
    expect(gh.calls).toEqual(["createComment 7"]);
    expect(gh.comments[0].body.startsWith(`${MARKER}\n${planMd}\n`)).toBe(true);
    expect(gh.comments[0].body).toContain("Stack `prod` · abcdef1 · [workflow run](https://github.com/acme/platform/actions/runs/42)");
  });

  it("edits only its own comment: same marker by someone else, another stack's, another workflow's are left alone", async () => {
    const gh = fakeGitHub({
      comments: [
        { id: 1, user: { login: "mallory" }, body: `${MARKER}\nfake plan`, html_url: "u" },
        { id: 2, user: BOT, body: "<!-- pulumi-webhooks-plan:staging -->\nstaging plan", html_url: "u" },
        { id: 3, user: BOT, body: "Coverage: 93%", html_url: "u" },
        { id: 4, user: BOT, body: `${MARKER}\nold plan`, html_url: "u" },
        { id: 5, user: BOT, body: `quoted: ${MARKER}`, html_url: "u" },
      ],
    });
    await runScript(script, gh.github, { PLAN_DIR: outputDir({ "plan.md": planMd }), PLAN_EXIT: "0" });
    expect(gh.calls).toEqual(["updateComment 4"]);
    expect(gh.comments.map((c) => c.body.split("\n")[1])).toEqual(["fake plan", "staging plan", undefined, planMd.split("\n")[0], undefined]);
  });

  it("posts the error when the plan failed, and says so when the job failed before it", async () => {
    const gh = fakeGitHub();
    const err = "pulumi-webhooks plan failed: stack 'prod' not found\n";
    await runScript(script, gh.github, { PLAN_DIR: outputDir({ "plan.md": "", "plan.err": err }), PLAN_EXIT: "1" });
    expect(gh.comments[0].body).toContain("**❌ `pulumi-webhooks plan` failed for stack `prod`: no plan was made.**\n\n```\npulumi-webhooks plan failed: stack 'prod' not found\n```");
    await runScript(script, gh.github, { PLAN_DIR: join(tmpdir(), "pw-gitops-missing"), PLAN_EXIT: "" });
    expect(gh.calls).toEqual(["createComment 7", "updateComment 1000"]);
    expect(gh.comments[0].body).toContain("the job failed before the plan ran");
  });

  it("keeps a 1,000-webhook plan under GitHub's limit", async () => {
    const changes: WebhookChange[] = Array.from({ length: 1000 }, (_, i) => ({
      vendor: "talkover", type: "Webhook", name: `hook-${i}-${"n".repeat(40)}`, urn: `u${i}`, kind: "update", replaceReasons: [],
      changes: [{ property: "url", old: `https://a.example.com/${"x".repeat(80)}`, new: `https://b.example.com/${"y".repeat(80)}` }],
    }));
    const gh = fakeGitHub();
    await runScript(script, gh.github, { PLAN_DIR: outputDir({ "plan.md": renderPlan(changes, "markdown") }), PLAN_EXIT: "0" });
    expect(gh.comments[0].body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(gh.comments[0].body).toMatch(/\n…and \d+ more webhook changes/);
  });
});

describe("drift issue", () => {
  const script = stepUsing(workflow("webhooks-drift.yml").jobs.drift, "actions/github-script").with.script as string;
  const report = "### Webhook drift\n\n**1 webhook changed outside Pulumi.**\n\n| Polytomic | `org` | **disabled by hand** | … |";
  const DRIFT_MARKER = "<!-- pulumi-webhooks-drift:prod -->";
  const dir = (md: string, err = "") => outputDir({ "drift.md": md, "drift.err": err });
  const strangers = (): Issue[] => [
    { number: 1, user: { login: "oncall" }, body: `${DRIFT_MARKER}\nmy own notes`, title: "drift?", state: "open", labels: [{ name: "webhook-drift" }], html_url: "u" },
    { number: 2, user: BOT, body: "<!-- pulumi-webhooks-drift:staging -->\nstaging", title: "Webhook drift in stack staging", state: "open", labels: [{ name: "webhook-drift" }], html_url: "u" },
  ];

  it("drift: creates the label and ONE issue with the report, the fix commands and the refresh warning; updates it after", async () => {
    const gh = fakeGitHub({ issues: strangers() });
    await runScript(script, gh.github, { DRIFT_DIR: dir(report), DRIFT_EXIT: "2" });
    expect(gh.calls).toEqual(["createLabel webhook-drift", "create 102 webhook-drift"]);
    const issue = gh.issues.at(-1)!;
    expect(issue.title).toBe("Webhook drift in stack prod");
    expect(issue.body.startsWith(`${DRIFT_MARKER}\n${report}\n`)).toBe(true);
    expect(issue.body).toContain("`npx pulumi-webhooks drift --fix --stack prod`");
    expect(issue.body).toContain("`pulumi up --refresh --stack prod`");
    expect(issue.body).toContain("Do **not** run `pulumi refresh --yes` on its own");

    // Same drift next night: the description is refreshed, no comment, no second issue.
    await runScript(script, gh.github, { DRIFT_DIR: dir(report), DRIFT_EXIT: "2" });
    expect(gh.calls.slice(2)).toEqual(["update 102"]);
    // Different drift: updated, with a comment saying so.
    await runScript(script, gh.github, { DRIFT_DIR: dir(`${report}\n| Talkover | \`x\` | **deleted outside Pulumi** | — |`), DRIFT_EXIT: "2" });
    expect(gh.calls.slice(3)).toEqual(["update 102", "createComment 102"]);
    expect(gh.issues.filter((i) => i.state === "open")).toHaveLength(3);
  });

  it("clean: closes its own issue with a comment and leaves others' alone", async () => {
    const gh = fakeGitHub({ issues: strangers(), labels: ["webhook-drift"] });
    await runScript(script, gh.github, { DRIFT_DIR: dir(report), DRIFT_EXIT: "2" });
    await runScript(script, gh.github, { DRIFT_DIR: dir("### Webhook drift\n\n**No drift: every webhook matches state.**"), DRIFT_EXIT: "0" });
    expect(gh.calls).toEqual(["create 102 webhook-drift", "createComment 102", "update 102 closed"]);
    expect(gh.issueComments[0].body).toMatch(/^No drift in stack `prod` any more/);
    expect(gh.issues.map((i) => i.state)).toEqual(["open", "open", "closed"]);
    // Clean again: nothing to do.
    await runScript(script, gh.github, { DRIFT_DIR: dir(""), DRIFT_EXIT: "0" });
    expect(gh.calls).toHaveLength(3);
  });

  it("error: a separate 'check failing' issue, the drift issue untouched; closed when a check runs again", async () => {
    const gh = fakeGitHub({ labels: ["webhook-drift"] });
    await runScript(script, gh.github, { DRIFT_DIR: dir(report), DRIFT_EXIT: "2" });
    await runScript(script, gh.github, { DRIFT_DIR: dir("", "pulumi-webhooks drift failed: 401 Unauthorized from api.polytomic.com\n"), DRIFT_EXIT: "1" });
    expect(gh.calls).toEqual(["create 100 webhook-drift", "createLabel webhook-drift-check-failed", "create 101 webhook-drift-check-failed"]);
    const failed = gh.issues[1];
    expect(failed.title).toBe("Webhook drift check failing for stack prod");
    expect(failed.body).toMatch(/^<!-- pulumi-webhooks-drift-check-failed:prod -->\n\*\*❌ The webhook drift check failed for stack `prod`/);
    expect(failed.body).toContain("```\npulumi-webhooks drift failed: 401 Unauthorized from api.polytomic.com\n```");
    expect(gh.issues[0].state).toBe("open");

    await runScript(script, gh.github, { DRIFT_DIR: dir(report), DRIFT_EXIT: "2" });
    expect(gh.issues.map((i) => i.state)).toEqual(["open", "closed"]);
  });
});
