/** Why an address cannot become an article; the message is shown to whoever asked for it. */
export class FetchRefusedError extends Error {
  override name = 'FetchRefusedError';
}
