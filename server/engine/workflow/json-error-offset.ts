/**
 * The offset of the first character at which `text` stops being valid JSON (text.length for a premature end),
 * or -1 when it is valid. Used to place JSON.parse errors whose message carries no position. Iterative, so
 * deeply nested input cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const skipSpace = (): void => {
    while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r')) at++;
  };
  const literal = (word: string): boolean => {
    for (let index = 0; index < word.length; index++, at++) if (text[at] !== word[index]) return false;
    return true;
  };
  const string = (): boolean => {
    at++; // opening quote
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === 0x22) { at++; return true; }
      if (code < 0x20) return false;
      if (code === 0x5c) {
        const next = text[at + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) { at += 2; return false; }
          at += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) at += 2;
        else { at++; return false; }
      } else at++;
    }
    return false;
  };
  const number = (): boolean => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (match === null || match[0] === '' || match[0] === '-') return false;
    at += match[0].length;
    return true;
  };
  /** Parses one scalar, or opens a container by pushing its closing character. */
  const value = (stack: string[]): boolean => {
    skipSpace();
    const char = text[at];
    if (char === '{' || char === '[') {
      stack.push(char === '{' ? '}' : ']');
      at++;
      return true;
    }
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    return number();
  };

  const stack: string[] = [];
  if (!value(stack)) return at;
  let first = true;
  while (stack.length > 0) {
    skipSpace();
    const close = stack[stack.length - 1];
    if (text[at] === close && first) { stack.pop(); at++; first = false; continue; }
    if (!first) {
      if (text[at] === close) { stack.pop(); at++; continue; }
      if (text[at] !== ',') return at;
      at++;
      skipSpace();
    }
    first = false;
    if (close === '}') {
      if (text[at] !== '"' || !string()) return at;
      skipSpace();
      if (text[at] !== ':') return at;
      at++;
    }
    const depth = stack.length;
    if (!value(stack)) return at;
    if (stack.length > depth) first = true;
  }
  skipSpace();
  return at < text.length ? at : -1;
}
