// Compiles index.ts the way `pulumi up` would load it (without running it): the Node.js
// language host's cmd/run registers ts-node (the project's, else @pulumi/pulumi's vendored
// 7.0.1) with the project's TypeScript and tsconfig.json, type-checking unless noCheck is set.
// Mirrors @pulumi/pulumi 3.248.0 cmd/run/run.js for a CommonJS project. Exit 1 on errors.
const { readFileSync } = require("node:fs");
const { resolve } = require("node:path");
const tsutils = require("@pulumi/pulumi/tsutils");

const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const ts = require(typescriptRequire);
const service = require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: compilerOptions.noCheck,
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
});
const file = resolve("index.ts");
try {
  service.compile(readFileSync(file, "utf8"), file);
  console.log(`compiled ${file} with typescript ${ts.version} via ${tsnodeRequire}`);
} catch (err) {
  console.error(String(err && err.message ? err.message : err));
  process.exitCode = 1;
}
