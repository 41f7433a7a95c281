/**
 * The shell commands the docs show: every line of a ```sh, ```bash, ```shell
 * or ```console block in README.md and docs/*.md (a `\` continuation joins
 * lines; `# ...` comments and console prompts are dropped).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocCommand {
  readonly file: string;
  readonly line: number;
  readonly command: string;
}

const shellFences = new Set(['sh', 'bash', 'shell', 'console']);

/** The command without a trailing comment: a `#` after whitespace, outside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '\'' || char === '"') {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(line[index - 1]!))) {
      return line.slice(0, index).trimEnd();
    }
  }
  return line.trimEnd();
}

export function listDocCommands(file: string, text: string): DocCommand[] {
  const commands: DocCommand[] = [];
  let fence: string | undefined;
  let pending: { line: number; text: string } | undefined;
  text.split('\n').forEach((raw, index) => {
    const opening = /^\s*```(\w*)/.exec(raw);
    if (opening) {
      fence = fence === undefined ? opening[1] ?? '' : undefined;
      return;
    }
    if (fence === undefined || !shellFences.has(fence)) return;
    // Code blocks may be indented inside list items; no command depends on its leading spaces.
    const content = raw.trimStart();
    if (fence === 'console' && pending === undefined && !content.startsWith('$ ')) return;
    const line = fence === 'console' && pending === undefined ? content.slice(2) : content;
    const joined = pending === undefined ? { line: index + 1, text: line } : { line: pending.line, text: `${pending.text} ${line.trim()}` };
    if (joined.text.endsWith('\\')) {
      pending = { line: joined.line, text: joined.text.slice(0, -1).trimEnd() };
      return;
    }
    pending = undefined;
    const command = stripComment(joined.text).trim();
    if (command !== '') commands.push({ file, line: joined.line, command });
  });
  return commands;
}

/** Every command of README.md and docs/*.md, in file order. */
export function readDocCommands(root: string): DocCommand[] {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];
  return files.flatMap((file) => listDocCommands(file, readFileSync(join(root, file), 'utf8')));
}
