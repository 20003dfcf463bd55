import { commands } from '../../commands/index.ts';
import type { Config } from '../config.ts';
import { slackManifest } from './slack-manifest.ts';

/**
 * `studybot slack:manifest [--request-url URL]`: the app manifest as pretty JSON, ready to paste at
 * api.slack.com. Socket Mode unless SLACK_MODE=http, which needs the public URL of /slack/events.
 */
export function printSlackManifest(config: Config, requestUrl?: string): string {
  const socketMode = config.slack?.mode !== 'http' && requestUrl === undefined;
  return JSON.stringify(slackManifest(commands, { socketMode, ...(requestUrl ? { requestUrl } : {}) }), null, 2);
}
