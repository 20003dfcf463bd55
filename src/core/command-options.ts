import { z } from 'zod';
import type { AnyCommand } from './command.ts';

/** A command option as every platform needs it, derived from the command's zod schema. */
export type OptionSpec = {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'number' | 'boolean';
  required: boolean;
  choices?: string[];
};

const JsonProp = z.object({
  type: z.enum(['string', 'integer', 'number', 'boolean']).optional(),
  description: z.string().optional(),
  enum: z.array(z.string()).optional(),
});

/** Lists a command's options in declaration order (Discord wants required ones first: see sorted). */
export function optionSpecs(command: AnyCommand): OptionSpec[] {
  const schema = z.toJSONSchema(command.options, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  const specs = Object.entries(schema.properties ?? {}).map(([name, raw]): OptionSpec => {
    const p = JsonProp.parse(raw);
    return {
      name,
      description: (p.description ?? name).slice(0, 100),
      type: p.enum ? 'string' : (p.type ?? 'string'),
      required: required.has(name),
      ...(p.enum ? { choices: p.enum } : {}),
    };
  });
  return [...specs.filter((s) => s.required), ...specs.filter((s) => !s.required)];
}
