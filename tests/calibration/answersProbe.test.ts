import { describe, expect, it } from 'vitest';
import { answersProbe, type AnswerableProbe } from '../../src/calibration/probes.js';
import type { Passage } from '../../src/types.js';

// Two pages of a documentation folder that end a section with the same line (as pino's
// transports page does for a dozen transports), and a page that says something else.
const line = 'For full documentation of command line switches read README';
const pageA = `pino-datadog sends logs to Datadog.\n\n${line}`;
const pageB = `pino-papertrail sends logs to Papertrail.\n\n${line.replace('For', 'for')}`;

const passageOf = (source: string, text: string, start: number): Passage => ({
  id: `${source}#${start}-${start + text.length}`,
  source,
  start,
  end: start + text.length,
  text,
  paragraphs: [2],
  sentences: [{ start, end: start + text.length }],
  sentenceKinds: [0],
});

const probe: AnswerableProbe = {
  question: 'who full documentation command line?',
  source: 'datadog.md',
  sentence: { start: pageA.indexOf(line), end: pageA.length },
  text: line,
};

describe('which passage answers an answerable probe', () => {
  it('the passage holding the probe sentence answers it', () => {
    expect(answersProbe(probe, passageOf('datadog.md', line, pageA.indexOf(line)))).toBe(true);
  });

  it('the same sentence on another page answers it too, whatever its capital letters or line breaks', () => {
    const elsewhere = pageB.slice(pageB.indexOf('for full'));
    expect(
      answersProbe(probe, passageOf('papertrail.md', elsewhere.replace('command line', 'command\nline'), pageB.indexOf('for full'))),
    ).toBe(true);
  });

  it('another sentence of the same page does not, nor a passage that holds only part of the sentence', () => {
    expect(answersProbe(probe, passageOf('datadog.md', 'pino-datadog sends logs to Datadog.', 0))).toBe(false);
    expect(answersProbe(probe, passageOf('papertrail.md', 'for full documentation of command line switches', 40))).toBe(false);
  });
});
