#!/usr/bin/env node
import '../mcp-server/dist/cli.js';
