import { commands } from '../../commands/index.ts';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { deployDiscordCommands } from './discord-deploy.ts';

/** `studybot discord:deploy [--guild ID]`: registers every command; returns the line to print. */
export async function runDiscordDeploy(config: Config, guild: string | undefined): Promise<string> {
  if (!config.discord) throw new ConfigError('Invalid configuration — DISCORD_TOKEN: needed to register commands');
  const guildId = guild ?? config.discord.guildId;
  const result = await deployDiscordCommands({
    token: config.discord.token,
    ...(config.discord.applicationId ? { applicationId: config.discord.applicationId } : {}),
    ...(guildId ? { guildId } : {}),
    apiUrl: config.discord.apiUrl,
    commands,
  });
  return `registered ${result.names.map((n) => `/${n}`).join(', ')} ${result.scope === 'guild' ? `in guild ${guildId}` : 'globally (may take up to an hour to appear)'}`;
}
