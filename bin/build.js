#!/usr/bin/env node
// `npm run build`: builds the bundle bin/launch.js would otherwise build on first start (the
// Dockerfile runs it, so the image starts without writing to its own folder). Prints its folder.
import { ensureBuilt } from './launch.js';

process.stdout.write(`${await ensureBuilt()}\n`);
