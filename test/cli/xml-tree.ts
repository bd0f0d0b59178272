/**
 * A small XML reader for the tests of the parts Beekeeper writes: elements with their attributes
 * and children, text unescaped. It throws on what is not well-formed in the ways a writer can get
 * wrong (a tag closed out of turn, one left open, text outside the root); comments, CDATA and
 * DTDs are not expected in those parts and are refused.
 */

export interface XmlElement {
  /** The qualified name, as written: "c:lineChart". */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The text directly inside the element, unescaped. */
  text: string;
}

const unescape = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(x?)([0-9a-fA-F]+);/g, (_, hex: string, n: string) => String.fromCodePoint(parseInt(n, hex ? 16 : 10)))
    .replace(/&amp;/g, '&');

/** The root element of `xml`; throws if it is not well-formed. */
export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^\uFEFF?<\?xml[^?]*\?>\s*/, '');
  if (/<!--|<!\[CDATA\[|<!DOCTYPE/.test(body)) throw new Error('comments, CDATA and DTDs are not expected');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  for (const match of body.matchAll(
    /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g,
  )) {
    const between = body.slice(at, match.index);
    if (/[<>]/.test(between)) throw new Error(`malformed markup near ${JSON.stringify(between.slice(0, 80))}`);
    if (stack.length === 0 && between.trim() !== '') throw new Error('text outside the root element');
    if (stack.length > 0) stack[stack.length - 1].text += unescape(between);
    at = (match.index ?? 0) + match[0].length;
    const [, closing, name, attributeText, selfClosing] = match;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, double, single] of attributeText.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (key in attributes) throw new Error(`attribute ${key} given twice on <${name}>`);
      attributes[key] = unescape(double ?? single);
    }
    const element: XmlElement = { name, attributes, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else if (root) throw new Error('a second root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is never closed`);
  if (!root || body.slice(at).trim() !== '') throw new Error('no root element, or text after it');
  return root;
}

/** The children of `element` named `name`. */
export const childrenNamed = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);

/** The one child named `name`; throws if there is none or more than one. */
export function child(element: XmlElement, name: string): XmlElement {
  const found = childrenNamed(element, name);
  if (found.length !== 1) throw new Error(`<${element.name}> has ${found.length} <${name}>`);
  return found[0];
}

/** Every element below `element` (itself included), depth first. */
export function descendants(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap(descendants)];
}

/** The element at a path of child names, each the only one of its name. */
export const at = (element: XmlElement, ...names: string[]) => names.reduce(child, element);
