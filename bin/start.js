#!/usr/bin/env node
// `npm start`: the bot (Discord and Slack when their tokens are set, the console otherwise), run
// from the bundle bin/launch.js keeps up to date.
import { load } from './launch.js';

await load('main');
