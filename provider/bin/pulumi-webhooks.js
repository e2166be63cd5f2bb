#!/usr/bin/env node
// plan / drift over the Automation API (the compiled CLI lives in dist/, built by `npm run build`).
require("../dist/gitops/cli.js");
