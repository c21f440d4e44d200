/**
 * Where JSON text first goes wrong, in our own words. JSON.parse's message is the engine's: it
 * differs between Node 20, 22 and 24 and quotes the user's text, so a result built from it would
 * change with the Node version running kuma-inject. Called only after JSON.parse refused the text.
 */
export function jsonTextError(text: string): string {
  const scanner = new Scanner(text);
  try {
    scanner.value();
    scanner.space();
    if (scanner.at < text.length) scanner.fail('the end of the text');
  } catch (error) {
    if (error instanceof JsonTextError) return error.message;
    throw error;
  }
  return 'not JSON text';
}

class JsonTextError extends Error {}

/** JSON grammar of RFC 8259, only far enough to locate the first error. */
class Scanner {
  at = 0;
  private depth = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  fail(expected: string): never {
    const found = this.at >= this.text.length ? 'the text ends' : `found ${describe(this.text[this.at]!)}`;
    throw new JsonTextError(`at character ${this.at + 1}: expected ${expected}, ${found}`);
  }

  space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at]!)) this.at += 1;
  }

  value(): void {
    this.space();
    const c = this.text[this.at];
    if (c === '{' || c === '[') return this.nested(c);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return;
      }
    }
    this.fail('a value (a "string", a number, true, false, null, an object or a list)');
  }

  private nested(open: '{' | '['): void {
    // The patch values are small; the bound keeps a hostile one from exhausting the stack.
    this.depth += 1;
    if (this.depth > 1000) this.fail('at most 1000 levels of nesting');
    const close = open === '{' ? '}' : ']';
    this.at += 1;
    this.space();
    if (this.text[this.at] === close) {
      this.at += 1;
      this.depth -= 1;
      return;
    }
    for (;;) {
      if (open === '{') {
        this.space();
        if (this.text[this.at] !== '"') this.fail('a "quoted" member name');
        this.string();
        this.space();
        if (this.text[this.at] !== ':') this.fail('":"');
        this.at += 1;
      }
      this.value();
      this.space();
      const c = this.text[this.at];
      if (c === ',') {
        this.at += 1;
        continue;
      }
      if (c === close) {
        this.at += 1;
        this.depth -= 1;
        return;
      }
      this.fail(`"," or "${close}"`);
    }
  }

  private string(): void {
    this.at += 1;
    while (this.at < this.text.length) {
      const c = this.text[this.at]!;
      if (c === '"') {
        this.at += 1;
        return;
      }
      if (c < ' ') this.fail('no control character inside a string (write \\n, \\t, ...)');
      if (c === '\\') {
        this.at += 1;
        const e = this.text[this.at];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 1, this.at + 5))) this.fail('four hex digits after \\u');
          this.at += 5;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail('an escape: \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX');
      }
      this.at += 1;
    }
    this.fail("a closing '\"'");
  }

  private number(): void {
    if (this.text[this.at] === '-') this.at += 1;
    if (this.text[this.at] === '0') this.at += 1;
    else this.digits('a digit');
    if (this.text[this.at] === '.') {
      this.at += 1;
      this.digits('a digit after "."');
    }
    if (this.text[this.at] === 'e' || this.text[this.at] === 'E') {
      this.at += 1;
      if (this.text[this.at] === '+' || this.text[this.at] === '-') this.at += 1;
      this.digits('a digit in the exponent');
    }
  }

  private digits(expected: string): void {
    const start = this.at;
    while (this.at < this.text.length && this.text[this.at]! >= '0' && this.text[this.at]! <= '9') this.at += 1;
    if (this.at === start) this.fail(expected);
  }
}

/** A character named so a message never carries more of the user's text than one visible character. */
function describe(c: string): string {
  if (c === '\n') return 'a line break';
  if (c === '\t') return 'a tab';
  if (c < ' ' || c === '\u007f') return `the control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(c);
}
