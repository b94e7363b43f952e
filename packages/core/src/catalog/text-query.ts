// Full-text queries as Plone's search box takes them: words (all must match),
// "quoted phrases", `word*` prefixes, AND / OR / NOT and parentheses. Parsed
// into a small tree that each database's full-text engine renders in its own
// syntax (FTS5, tsquery, MySQL boolean mode), so user input never reaches SQL
// as syntax.
import { badRequest } from '../errors.js';

export type TextQuery =
  | { op: 'and' | 'or'; items: TextQuery[] }
  | { op: 'not'; item: TextQuery }
  | { op: 'term'; word: string; prefix: boolean }
  | { op: 'phrase'; words: string[] };

const MAX_LENGTH = 1000;
const MAX_TERMS = 32;

/** Words as the full-text engines split them: letters and digits. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

type Token = { t: 'word'; v: string } | { t: 'phrase'; v: string } | { t: '(' | ')' | 'AND' | 'OR' | 'NOT' };

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  const re = /"([^"]*)"?|(\()|(\))|([^\s()"]+)/g;
  for (let m = re.exec(input); m; m = re.exec(input)) {
    if (m[1] !== undefined) out.push({ t: 'phrase', v: m[1] });
    else if (m[2]) out.push({ t: '(' });
    else if (m[3]) out.push({ t: ')' });
    else {
      const w = m[4]!;
      if (w === 'AND' || w === 'OR' || w === 'NOT') out.push({ t: w });
      else if (w.startsWith('-') && w.length > 1) {
        out.push({ t: 'NOT' }, { t: 'word', v: w.slice(1) });
      } else out.push({ t: 'word', v: w });
    }
  }
  return out;
}

/** A word as typed: `foo*` is a prefix; other wildcards only cut the word. */
function wordNode(raw: string): TextQuery | undefined {
  const star = raw.search(/[*?]/);
  const prefix = star >= 0;
  const ws = words(prefix ? raw.slice(0, star) : raw);
  if (ws.length === 0) return undefined;
  if (ws.length === 1) return { op: 'term', word: ws[0]!, prefix };
  // "e-mail", "3.5": one word to the user, several to the engine.
  return prefix
    ? { op: 'and', items: ws.map((w, i) => ({ op: 'term', word: w, prefix: i === ws.length - 1 })) }
    : { op: 'phrase', words: ws };
}

class Parser {
  private i = 0;
  terms = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): TextQuery | undefined {
    const q = this.or();
    if (this.i < this.tokens.length) throw badRequest('SearchableText has an unmatched ")".');
    return q;
  }

  private peek() {
    return this.tokens[this.i];
  }

  private or(): TextQuery | undefined {
    const items: TextQuery[] = [];
    for (;;) {
      const q = this.and();
      if (q) items.push(q);
      if (this.peek()?.t !== 'OR') break;
      this.i++;
    }
    return combine('or', items);
  }

  private and(): TextQuery | undefined {
    const items: TextQuery[] = [];
    for (let tok = this.peek(); tok && tok.t !== 'OR' && tok.t !== ')'; tok = this.peek()) {
      if (tok.t === 'AND') {
        this.i++;
        continue;
      }
      const q = this.unary();
      if (q) items.push(q);
    }
    return combine('and', items);
  }

  private unary(): TextQuery | undefined {
    const tok = this.tokens[this.i++]!;
    if (tok.t === 'NOT') {
      const item = this.peek() ? this.unary() : undefined;
      return item && { op: 'not', item };
    }
    if (tok.t === '(') {
      const q = this.or();
      if (this.peek()?.t !== ')') throw badRequest('SearchableText has an unmatched "(".');
      this.i++;
      return q;
    }
    if (++this.terms > MAX_TERMS) throw badRequest(`SearchableText may have at most ${MAX_TERMS} terms.`);
    if (tok.t === 'phrase') {
      const ws = words(tok.v);
      if (ws.length === 0) return undefined;
      return ws.length === 1 ? { op: 'term', word: ws[0]!, prefix: false } : { op: 'phrase', words: ws };
    }
    if (tok.t === 'word') return wordNode(tok.v);
    return undefined;
  }
}

function combine(op: 'and' | 'or', items: TextQuery[]): TextQuery | undefined {
  if (items.length === 0) return undefined;
  if (items.length === 1) return items[0];
  return { op, items };
}

/** Whether a match is possible without a negated branch alone (engines need a positive term). */
function positive(q: TextQuery): boolean {
  switch (q.op) {
    case 'not':
      return false;
    case 'and':
      return q.items.some(positive);
    case 'or':
      return q.items.every(positive);
    default:
      return true;
  }
}

/** The parsed query; undefined when it holds no word at all (no constraint). */
export function parseTextQuery(input: string): TextQuery | undefined {
  if (input.length > MAX_LENGTH) throw badRequest(`SearchableText may be at most ${MAX_LENGTH} characters.`);
  const q = new Parser(tokenize(input)).parse();
  if (q && !positive(q)) throw badRequest('SearchableText needs at least one word that is not negated.');
  return q;
}
