#!/usr/bin/env node
process.stderr.write('llm-gateway: the gateway is not built yet (see the open gateway issue)\n');
process.exitCode = 1;
