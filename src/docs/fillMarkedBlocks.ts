/**
 * Puts generated text between `<!-- figures:NAME -->` and `<!-- /figures:NAME -->` in a
 * Markdown page, leaving everything outside the markers as it was.
 */
const MARKER = /<!-- figures:([a-z-]+) -->\n[\s\S]*?<!-- \/figures:\1 -->/gu;

/** The page with every marked block replaced by `blocks[NAME]`; a name with no block is an error, not a silent gap. */
export function fillMarkedBlocks(page: string, blocks: Record<string, string>): string {
  const opened = [...page.matchAll(/<!-- figures:([a-z-]+) -->/gu)].map((m) => m[1] as string);
  const filled = page.replace(MARKER, (_whole, name: string) => {
    const block = blocks[name];
    if (block === undefined)
      throw new Error(`No figures are generated for the block "${name}" (known: ${Object.keys(blocks).join(', ')}).`);
    return `<!-- figures:${name} -->\n${block}\n<!-- /figures:${name} -->`;
  });
  const closed = [...filled.matchAll(MARKER)].map((m) => m[1] as string);
  const unclosed = opened.filter((name) => !closed.includes(name));
  if (unclosed.length > 0) throw new Error(`The block "${unclosed[0]}" has no closing <!-- /figures:${unclosed[0]} --> marker.`);
  return filled;
}
