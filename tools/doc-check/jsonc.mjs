// A small JSONC reader for the docs' ```jsonc blocks: comments, trailing commas,
// and a block that is several values in a row (request and answer examples) or
// the members of an object without its braces (a piece of wrangler.jsonc).
// Throws an Error with `line` (1-based, in the block) on the first problem.

/** Parses `text`; returns the values it holds. */
export function parseJsonc(text) {
  try {
    return values(text);
  } catch (error) {
    try {
      return values(`{${text}\n}`);
    } catch {
      throw error;
    }
  }
}

function values(text) {
  let i = 0;
  const fail = (message) => {
    const error = new Error(message);
    error.line = text.slice(0, i).split("\n").length;
    throw error;
  };
  const space = () => {
    for (;;) {
      if (/\s/.test(text[i] ?? "")) i++;
      else if (text.startsWith("//", i)) while (i < text.length && text[i] !== "\n") i++;
      else if (text.startsWith("/*", i)) {
        const end = text.indexOf("*/", i + 2);
        if (end < 0) fail("unclosed comment");
        i = end + 2;
      } else return;
    }
  };
  const value = () => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      const object = {};
      for (;;) {
        space();
        if (text[i] === "}") {
          i++;
          return object;
        }
        if (text[i] !== '"') fail(`expected a quoted key or "}", found ${JSON.stringify(text[i] ?? "end")}`);
        const key = string();
        space();
        if (text[i] !== ":") fail(`expected ":" after ${JSON.stringify(key)}`);
        i++;
        object[key] = value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] !== "}") fail(`expected "," or "}", found ${JSON.stringify(text[i] ?? "end")}`);
      }
    }
    if (c === "[") {
      i++;
      const array = [];
      for (;;) {
        space();
        if (text[i] === "]") {
          i++;
          return array;
        }
        array.push(value());
        space();
        if (text[i] === ",") i++;
        else if (text[i] !== "]") fail(`expected "," or "]", found ${JSON.stringify(text[i] ?? "end")}`);
      }
    }
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!literal) fail(`unexpected ${JSON.stringify(c ?? "end")}`);
    i += literal[0].length;
    return JSON.parse(literal[0]);
  };
  const string = () => {
    const m = /^"(?:[^"\\\n]|\\.)*"/.exec(text.slice(i));
    if (!m) fail("unterminated string");
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  const all = [];
  space();
  while (i < text.length) {
    all.push(value());
    space();
  }
  if (all.length === 0) fail("empty block");
  return all;
}
