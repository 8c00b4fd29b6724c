import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrationFile, calibrationFor, fitDataFile, type ModelCalibration } from '../../src/calibration/calibration.js';
import { fitCalibration, type FitTable } from '../../src/calibration/fitScorer.js';
import { levelsFor, levelsFromProbes } from '../../src/calibration/indexCalibration.js';

const MODEL = 'verbatim/wink-sif-100d';

describe('the fitted calibration', () => {
  it('is reproduced exactly by fitting again on its committed feature table', () => {
    const committed = JSON.parse(readFileSync(calibrationFile(MODEL), 'utf8')) as ModelCalibration;
    const table = JSON.parse(readFileSync(fitDataFile(MODEL), 'utf8')) as FitTable;
    expect(table.rows.length).toBeGreaterThan(1000);
    expect(table.corpora.length).toBeGreaterThanOrEqual(2);
    expect(fitCalibration(table, committed.softMatch)).toEqual(committed);
  }, 120_000);

  it('lets a probe background only raise the answer level, and keeps levels for the scorer they were measured with', () => {
    const model = calibrationFor(MODEL);
    const quiet = levelsFromProbes(model, { questions: 36, median: 0, p90: 0.01, p95: 0.02, max: 0.1 });
    expect(quiet.answerLevel).toBe(model.answerLevel);
    const loud = levelsFromProbes(model, { questions: 36, median: 0.3, p90: 0.8, p95: 0.9, max: 0.95 });
    expect(loud.answerLevel).toBeGreaterThan(0.9);
    const measured = {
      source: 'probes' as const,
      model: MODEL,
      ...loud,
      background: { questions: 36, median: 0.3, p90: 0.8, p95: 0.9, max: 0.95 },
      measuredAt: '',
    };
    expect(levelsFor(model, { ...measured, scorer: 'another scorer' }).answerLevel).toBe(model.answerLevel);
  });

  it('reads the answer level off probes of both sides: lower where right answers score low, higher where unanswerable ones score high', () => {
    const model = calibrationFor(MODEL);
    const background = { questions: 20, median: 0.05, p90: 0.1, p95: 0.12, max: 0.15 };
    const unanswerable = Array.from({ length: 20 }, (_, i) => (i % 4) * 0.04);
    // A novel: 40 answerable probes, right ones between 0.30 and 0.69, wrong ones from 0.25 down.
    const novel = Array.from({ length: 40 }, (_, i) =>
      i < 30 ? { confidence: 0.3 + i / 75, correct: true } : { confidence: 0.25 - (i - 30) / 64, correct: false },
    );
    const low = levelsFromProbes(model, background, unanswerable, novel);
    expect(low.answerLevel).toBeLessThan(model.answerLevel);
    expect(low.answerLevel).toBeGreaterThan(background.p95);
    // Most confident first: the 30 right, then the wrong one at 0.25 (30 of 31, 0.968 ≥ 0.95), then 0.234 (30 of 32, below).
    expect(low.answerLevel).toBe(0.25);
    expect(low.answerable).toEqual({ questions: 40, hitAt1: 0.75, precision: 0.9677, coverage: 0.75 });
    // Unanswerable probes scoring up to 0.8: the level rises above them, whatever the right answers score.
    const loud = Array.from({ length: 20 }, (_, i) => 0.4 + i * 0.02);
    const high = levelsFromProbes(model, { questions: 20, median: 0.6, p90: 0.76, p95: 0.78, max: 0.78 }, loud, novel);
    expect(high.answerLevel).toBeGreaterThan(0.78);
    // Too few answerable probes: the fitted level holds.
    expect(levelsFromProbes(model, background, unanswerable, novel.slice(0, 10)).answerLevel).toBe(model.answerLevel);
  });

  it('gives a model without a fit of its own the offline weights, marked unfitted', () => {
    const hub = calibrationFor('Xenova/all-MiniLM-L6-v2');
    expect(hub.fitted).toBe(false);
    expect(hub.weights).toEqual(calibrationFor(MODEL).weights);
  });
});
