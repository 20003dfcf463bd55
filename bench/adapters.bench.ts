/**
 * `npm run bench:adapters`: a burst of 200 slash commands through the fake Discord gateway and 200
 * signed Slack requests, with the real clients and the offline core. Reports time from dispatch to
 * acknowledgement (p50/p99), and that none was dropped or answered twice. Target: ack p99 <= 150 ms.
 */
import { preferSmallHeap } from '../bin/launch.js';
import { runDiscordBurst } from './discord-burst.ts';
import { runSlackBurst } from './slack-burst.ts';
import { fmt, type Summary } from './stats.ts';

type Figures = { n: number; ack: Summary; answer: Summary; dropped: number; doubleAnswered: number; unanswered: number };

const row = (name: string, f: Figures) =>
  `${name.padEnd(30)} n=${f.n}  ack p50 ${fmt(f.ack.p50).padStart(9)}  p99 ${fmt(f.ack.p99).padStart(9)}  max ${fmt(f.ack.max).padStart(9)}` +
  `   answer p50 ${fmt(f.answer.p50).padStart(9)}  p99 ${fmt(f.answer.p99).padStart(9)}   dropped ${f.dropped}  twice ${f.doubleAnswered}  unanswered ${f.unanswered}`;

// With the heap setting bin/launch.js gives the bot (V8 flags hold for the whole process, workers too).
preferSmallHeap();
const discord = await runDiscordBurst(200);
const slack = await runSlackBurst(200);
console.log(`studybot adapter bench — node ${process.version}, ${new Date().toISOString()}\n`);
if (discord.cold) console.log(row('discord, first (cold) burst', discord.cold));
console.log(row('discord, measured burst', discord));
console.log(row(`slack, ${slack.concurrency} concurrent`, slack));
const checks: [string, boolean][] = [
  [`discord ack p99 <= 150 ms (${fmt(discord.ack.p99)})`, discord.ack.p99 <= 150],
  [`slack ack p99 <= 150 ms (${fmt(slack.ack.p99)})`, slack.ack.p99 <= 150],
  ['none dropped, none answered twice', discord.dropped + discord.doubleAnswered + slack.dropped + slack.doubleAnswered === 0],
];
console.log('');
for (const [name, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}`);
process.exit(0);
