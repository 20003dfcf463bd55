import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  REST,
  Routes,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AnyCommand } from '../core/command.ts';
import { optionSpecs, type OptionSpec } from '../core/command-options.ts';

const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;
const TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
} as const;

const describe = (s: string) => (s.length <= 100 ? s : `${s.slice(0, 99)}…`) || '-';

function checkName(name: string, what: string): string {
  if (!NAME.test(name)) throw new Error(`${what} "${name}" is not a valid Discord name (lowercase, 1–32 characters, letters, digits, - or _)`);
  return name;
}

function optionJson(spec: OptionSpec, command: string): APIApplicationCommandOption {
  const base = { name: checkName(spec.name, `/${command} option`), description: describe(spec.description), required: spec.required };
  if (spec.type === 'boolean') return { ...base, type: TYPES.boolean };
  if (spec.type === 'integer') return { ...base, type: TYPES.integer };
  if (spec.type === 'number') return { ...base, type: TYPES.number };
  const choices = spec.choices?.slice(0, 25).map((c) => ({ name: c.slice(0, 100), value: c.slice(0, 100) }));
  return { ...base, type: TYPES.string, ...(choices ? { choices } : {}) };
}

/**
 * Discord's command JSON for every command, from the same definitions the core runs: chat-input
 * commands usable in servers, options from the zod schemas (required first, choices for enums),
 * descriptions clipped to 100 characters. Admin-only commands default to Manage Server, so Discord
 * hides them from other members (the core still checks). Throws on a name Discord would reject.
 */
export function toDiscordCommandJson(commands: readonly AnyCommand[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((c) => {
    const options = optionSpecs(c).map((s) => optionJson(s, c.name));
    if (options.length > 25) throw new Error(`/${c.name} has ${options.length} options; Discord allows 25`);
    return {
      type: ApplicationCommandType.ChatInput,
      name: checkName(c.name, 'command'),
      description: describe(c.description),
      options,
      contexts: [InteractionContextType.Guild],
      ...(c.adminOnly ? { default_member_permissions: PermissionFlagsBits.ManageGuild.toString() } : {}),
    };
  });
}

export type DeployOptions = {
  token: string;
  /** Looked up from the token (GET /applications/@me) when not given. */
  applicationId?: string;
  /** Register in one server (instant, for development); omit for global commands (production). */
  guildId?: string;
  apiUrl: string;
  commands: readonly AnyCommand[];
};

/**
 * Registers the commands with one PUT, which replaces the whole set on that route. Returns the
 * route used and the names Discord confirmed.
 */
export async function deployDiscordCommands(opts: DeployOptions): Promise<{ route: string; scope: 'guild' | 'global'; names: string[] }> {
  const rest = new REST({ api: opts.apiUrl }).setToken(opts.token);
  const body = toDiscordCommandJson(opts.commands);
  const applicationId = opts.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const route = opts.guildId ? Routes.applicationGuildCommands(applicationId, opts.guildId) : Routes.applicationCommands(applicationId);
  const saved = (await rest.put(route, { body })) as { name: string }[];
  return { route, scope: opts.guildId ? 'guild' : 'global', names: saved.map((c) => c.name) };
}
