/** A saved page's bytes → its markup, decoded as a browser would. */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The encoding a page declares in its head (`<meta charset="shift_jis">`), when this Node knows it. */
function declaredEncoding(bytes: Uint8Array): InstanceType<typeof TextDecoder> | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const label = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/iu.exec(head)?.[1];
  try {
    return label ? new TextDecoder(label) : undefined;
  } catch {
    return undefined;
  }
}

/** In the encoding the page declares, else UTF-8 as the web mostly is, else Windows-1252, which every byte decodes as. */
export function decodeHtml(bytes: Uint8Array): string {
  const declared = declaredEncoding(bytes);
  if (declared && declared.encoding !== 'utf-8') return declared.decode(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
