#!/usr/bin/env node
// Starts the sandbox (the compiled CLI lives in dist/, built by `npm run build`).
require("../dist/sandbox/cli.js");
