/**
 * A small well-formedness check for the SVG files the figures write: balanced and properly nested tags,
 * quoted attributes, no stray '<' or bare '&' in text. Enough to catch broken output without an XML library.
 */
export function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const body = text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')
    .replace(/^<\?xml[\s\S]*?\?>/, '')
    .replace(/<!DOCTYPE[^>]*>/, '');
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/g;
  const stack: string[] = [];
  let roots = 0;
  let last = 0;
  const checkText = (segment: string, at: number): void => {
    if (segment.includes('<')) problems.push(`stray '<' or malformed tag near offset ${at}: ${segment.slice(segment.indexOf('<'), segment.indexOf('<') + 40)}`);
    const amp = segment.match(/&(?!(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);)/);
    if (amp) problems.push(`bare '&' near offset ${at}`);
    if (stack.length === 0 && segment.trim() !== '') problems.push(`text outside the root element near offset ${at}`);
  };
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    checkText(body.slice(last, m.index), last);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}> at offset ${m.index}`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name);
    }
  }
  checkText(body.slice(last), last);
  if (stack.length > 0) problems.push(`unclosed elements: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}
