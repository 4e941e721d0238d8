/**
 * Renders a template: lines `@@if <condition>`, `@@else` and `@@end` keep or
 * drop the lines between them (and never appear in the output), and
 * `{{name}}` is replaced by that value. A condition is names of true/false
 * flags joined with `&&`, each one optionally negated with `!`. A flag or
 * value the context does not have, or an unbalanced block, is an error: a
 * template that does not render is a bug of this package, never silently
 * written.
 *
 * @example
 * render("@@if auth\nlogin\n@@end\nhi {{name}}\n", { flags: { auth: false }, values: { name: "ada" } });
 * // "hi ada\n"
 */
export function render(template, { flags, values }) {
  const output = [];
  // One entry per open block: whether its current branch is kept, and whether it had an @@else.
  const open = [];
  const keeping = () => open.every((block) => block.keep);
  for (const [index, line] of template.split("\n").entries()) {
    const directive = /^\s*@@(if|else|end)\b(.*)$/.exec(line);
    const where = `line ${index + 1}`;
    if (directive) {
      const [, word, rest] = directive;
      if (word === "if") {
        open.push({ keep: evaluate(rest.trim(), flags, where), hadElse: false });
      } else if (word === "else") {
        const block = open.at(-1);
        if (!block || block.hadElse) throw new Error(`${where}: @@else without its @@if`);
        block.keep = !block.keep;
        block.hadElse = true;
      } else if (!open.pop()) {
        throw new Error(`${where}: @@end without its @@if`);
      }
      continue;
    }
    if (keeping()) output.push(substitute(line, values, where));
  }
  if (open.length > 0) throw new Error(`${open.length} @@if block(s) not closed with @@end`);
  return output.join("\n");
}

function evaluate(condition, flags, where) {
  if (condition === "") throw new Error(`${where}: @@if needs a condition`);
  return condition.split("&&").every((term) => {
    const match = /^\s*(!?)\s*([a-zA-Z]+)\s*$/.exec(term);
    if (!match) throw new Error(`${where}: cannot read the condition "${condition}"`);
    const [, not, name] = match;
    if (typeof flags[name] !== "boolean") throw new Error(`${where}: unknown flag "${name}"`);
    return not ? !flags[name] : flags[name];
  });
}

function substitute(line, values, where) {
  return line.replace(/\{\{(\w+)\}\}/g, (_, name) => {
    if (typeof values[name] !== "string") throw new Error(`${where}: no value for {{${name}}}`);
    return values[name];
  });
}
