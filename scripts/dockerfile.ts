/** A Dockerfile as stages of steps; enough of the format for this project's Dockerfile. */
export type Step = { op: string; args: string };
export type Stage = { name: string; base: string; steps: Step[] };

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.replace(/\\\n/gu, ' ').split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\w+)\s+(.*)$/u.exec(line);
    if (!m) continue;
    const op = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (op === 'FROM') {
      const [base, , name] = args.split(/\s+/u);
      stages.push({ name: name ?? String(stages.length), base: base ?? '', steps: [] });
    } else {
      stages.at(-1)?.steps.push({ op, args });
    }
  }
  return stages;
}
