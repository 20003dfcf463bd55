import { commands } from '../../commands/index.ts';
import { slackManifest } from './slack-manifest.ts';

/** `studybot slack:manifest`: the app manifest as pretty JSON, ready to paste into api.slack.com. */
export function printSlackManifest(): string {
  return JSON.stringify(slackManifest(commands, {}), null, 2);
}
