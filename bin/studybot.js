#!/usr/bin/env node
// The `studybot` command. bin/launch.js bundles the TypeScript sources on first use, so there is no
// build step.
import { load } from './launch.js';

const { cli } = await load('cli');
process.exitCode = await cli(process.argv.slice(2));
