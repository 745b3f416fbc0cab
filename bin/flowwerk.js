#!/usr/bin/env node
// Entry point of the `flowwerk` command: the compiled CLI lives in dist/ (built by `npm install`).
import '../dist/server/cli/main.js';
